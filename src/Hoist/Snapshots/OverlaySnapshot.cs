using Hoist.Archives;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>An overlayfs mount for one RUN; <see cref="Directory"/> holds merged, upper, work and any intermediate mounts.</summary>
internal sealed class OverlaySnapshot : IRunSnapshot
{
    private readonly List<string> _mounts; // mount points, the final one first: unmounted in this order
    private bool _unmounted;
    private bool _disposed;

    public OverlaySnapshot(string directory, string rootPath, string upperPath, IReadOnlyList<string> lowerDirs, List<string> mounts)
    {
        Directory = directory;
        RootPath = rootPath;
        UpperPath = upperPath;
        LowerDirs = lowerDirs;
        _mounts = mounts;
    }

    public string Directory { get; }

    public SnapshotKind Kind => SnapshotKind.Overlay;

    public string RootPath { get; }

    public string? UpperPath { get; }

    public string? PristinePath => null;

    public IReadOnlyList<string> LowerDirs { get; }

    public IEnumerable<LayerItem> Changes() => OverlayChanges.WithoutCopiedUpDirectories(UpperPath!, LowerDirs);

    public Task KeepAsync(SnapshotStore layers, Digest diffId, CancellationToken cancellationToken) =>
        layers.GetOrUnpackAsync(diffId, (directory, _) =>
        {
            SnapshotLayers.MoveChildren(UpperPath!, directory);
            return Task.CompletedTask;
        }, cancellationToken);

    public void MoveFilesTo(string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        System.IO.Directory.Move(UpperPath!, Path.Combine(destination, "upper"));
    }

    public ValueTask UnmountAsync()
    {
        if (_unmounted) return ValueTask.CompletedTask;
        foreach (var mount in _mounts) Native.Unmount(mount);
        _unmounted = true;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        // Deleting through a still-mounted overlay would be wrong, so an unmount failure stops before any deletion.
        await UnmountAsync().ConfigureAwait(false);
        SnapshotStore.DeleteTree(Directory);
        _disposed = true;
    }
}
