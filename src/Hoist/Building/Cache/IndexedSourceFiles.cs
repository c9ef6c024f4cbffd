using Hoist.Archives;
using Hoist.Building.Context;
using Hoist.Building.Copy;

namespace Hoist.Building.Cache;

/// <summary>
/// The facts of a copy source's entries as a COPY key needs them: regular files through the
/// <see cref="ContentHashIndex"/> when there is one (the build context), everything else read live (another stage's
/// files live in a mount that changes from build to build, so the index would never hit there).
/// </summary>
internal sealed class IndexedSourceFiles(ICopySource source, string root, ContentHashIndex? index) : ICopySourceFiles
{
    public ValueTask<SourceFileFacts> ReadAsync(CopyOperation operation, CancellationToken cancellationToken)
    {
        var relative = operation.SourcePath ?? throw new InvalidOperationException("only entries from the source have facts");
        var isFile = operation.Kind is CopyOperationKind.File or CopyOperationKind.ExtractArchive;
        if (isFile && index is not null)
            return index.ReadAsync(root, relative, operation.SourceIdentity, source, static (source, path) => source.OpenRead(path), cancellationToken);
        var xattrs = FileTreeEntries.ImageXattrs(Path.Join(root, relative));
        return isFile ? new ValueTask<SourceFileFacts>(ReadFileAsync(relative, xattrs, cancellationToken))
            : new ValueTask<SourceFileFacts>(new SourceFileFacts(xattrs, null));
    }

    private async Task<SourceFileFacts> ReadFileAsync(string relative, IReadOnlyDictionary<string, byte[]> xattrs, CancellationToken cancellationToken)
    {
        await using var stream = source.OpenRead(relative);
        return new SourceFileFacts(xattrs, await CopyContentDigest.HashStreamAsync(stream, cancellationToken).ConfigureAwait(false));
    }
}
