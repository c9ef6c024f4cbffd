using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// The fallback where overlayfs cannot be mounted: the layers are merged into a pristine view (hard links into the layer
/// store when possible, so it costs inodes, not bytes) and copied once more into the root the RUN writes to. The layer is
/// then the difference between the two.
/// </summary>
public sealed class CopySnapshotter : ISnapshotter
{
    private readonly string _workRoot;

    public CopySnapshotter(string workRoot)
    {
        _workRoot = Path.GetFullPath(workRoot);
    }

    public async Task<IRunSnapshot> PrepareAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken)
    {
        var lowers = lowerDirs.Select(Path.GetFullPath).ToArray();
        var directory = Path.Combine(_workRoot, Guid.NewGuid().ToString("N")[..12]);
        var pristine = Path.Combine(directory, "pristine");
        var root = Path.Combine(directory, "rootfs");
        Directory.CreateDirectory(directory);
        try
        {
            try
            {
                await LayerMerger.MergeAsync(lowers, pristine, hardLinks: true, cancellationToken).ConfigureAwait(false);
            }
            catch (HoistException)
            {
                // Hard links fail across file systems: fall back to a real copy.
                SnapshotStore.DeleteTree(pristine);
                await LayerMerger.MergeAsync(lowers, pristine, hardLinks: false, cancellationToken).ConfigureAwait(false);
            }
            if (lowers.Length == 0) Native.SetMode(pristine, (UnixFileMode)0b111_101_101);
            await LayerMerger.MergeAsync([pristine], root, hardLinks: false, cancellationToken).ConfigureAwait(false);
            return new CopySnapshot(directory, root, pristine, lowers);
        }
        catch
        {
            SnapshotStore.DeleteTree(directory);
            throw;
        }
    }
}
