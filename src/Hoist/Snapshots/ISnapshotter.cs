namespace Hoist.Snapshots;

/// <summary>Prepares writable root filesystems on top of unpacked layer directories.</summary>
public interface ISnapshotter
{
    /// <summary>
    /// Makes a fresh writable root over <paramref name="lowerDirs"/> (top layer first, as overlayfs orders them; empty for
    /// FROM scratch). The layer directories are never modified.
    /// </summary>
    Task<IRunSnapshot> PrepareAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken);
}
