using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Snapshots;

/// <summary>A copied root filesystem for one RUN, with the pristine merged view beside it.</summary>
internal sealed class CopySnapshot : IRunSnapshot
{
    private bool _disposed;

    public CopySnapshot(string directory, string rootPath, string pristinePath, IReadOnlyList<string> lowerDirs)
    {
        Directory = directory;
        RootPath = rootPath;
        PristinePath = pristinePath;
        LowerDirs = lowerDirs;
    }

    public string Directory { get; }

    public SnapshotKind Kind => SnapshotKind.Copy;

    public string RootPath { get; }

    public string? UpperPath => null;

    public string? PristinePath { get; }

    public IReadOnlyList<string> LowerDirs { get; }

    public IEnumerable<LayerItem> Changes() => LayerChanges.BetweenDirectories(PristinePath!, RootPath);

    public Task KeepAsync(SnapshotStore layers, Digest diffId, CancellationToken cancellationToken) => Task.CompletedTask;

    public void MoveFilesTo(string destination)
    {
        System.IO.Directory.CreateDirectory(destination);
        System.IO.Directory.Move(RootPath, Path.Combine(destination, "rootfs"));
        System.IO.Directory.Move(PristinePath!, Path.Combine(destination, "pristine"));
    }

    public ValueTask UnmountAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (!_disposed) SnapshotStore.DeleteTree(Directory);
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
