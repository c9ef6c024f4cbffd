namespace Hoist.Building.Copy;

/// <summary>
/// Reads what <see cref="CopyContentDigest"/> needs from the source entry of an operation that has a
/// <see cref="CopyOperation.SourcePath"/>: live, or from an index that knows unchanged files (the build cache's).
/// </summary>
public interface ICopySourceFiles
{
    /// <summary>The entry's extended attributes and, for <see cref="CopyOperationKind.File"/> and
    /// <see cref="CopyOperationKind.ExtractArchive"/>, its content sha256.</summary>
    ValueTask<SourceFileFacts> ReadAsync(CopyOperation operation, CancellationToken cancellationToken);
}
