namespace Hoist.Snapshots;

/// <summary>Prepares writable root filesystems on top of unpacked layer directories.</summary>
public interface ISnapshotter
{
    /// <summary>
    /// Makes a fresh writable root over <paramref name="lowerDirs"/> (top layer first, as overlayfs orders them; empty for
    /// FROM scratch). The layer directories are never modified.
    /// </summary>
    Task<IRunSnapshot> PrepareAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken);

    /// <summary>
    /// A merged view of <paramref name="lowerDirs"/> (two or more, top first) that is only read (a COPY's source and
    /// destination, WORKDIR's parents): by default a writable snapshot nobody writes to; a snapshotter that can do better
    /// (overlayfs with no upper directory) does.
    /// </summary>
    async Task<RootView> OpenReadOnlyAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken)
    {
        var snapshot = await PrepareAsync(lowerDirs, cancellationToken).ConfigureAwait(false);
        return new RootView(snapshot.RootPath, snapshot, null);
    }
}
