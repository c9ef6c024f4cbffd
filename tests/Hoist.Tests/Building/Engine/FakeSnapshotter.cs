using Hoist.Archives;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Tests.Building.Engine;

/// <summary>
/// A snapshotter without mounts: the lower directories copied (bottom first) into a pristine tree and a root tree, with
/// every file's mtime set to one whole second so the two trees compare equal until the fake runtime writes.
/// </summary>
internal sealed class FakeSnapshotter(string workRoot) : ISnapshotter
{
    private static readonly DateTime Stamp = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public int Prepared;

    public Task<IRunSnapshot> PrepareAsync(IReadOnlyList<string> lowerDirs, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Prepared);
        var directory = Path.Combine(workRoot, Guid.NewGuid().ToString("N"));
        var pristine = Path.Combine(directory, "pristine");
        var root = Path.Combine(directory, "rootfs");
        foreach (var tree in new[] { pristine, root })
        {
            Directory.CreateDirectory(tree);
            foreach (var lower in lowerDirs.Reverse()) CopyTree(lower, tree);
        }
        return Task.FromResult<IRunSnapshot>(new FakeSnapshot(directory, root, pristine, lowerDirs));
    }

    private static void CopyTree(string source, string destination)
    {
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (Path.Exists(target) || new FileInfo(target).LinkTarget is not null) File.Delete(target);
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                Directory.CreateDirectory(target);
                CopyTree(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target, overwrite: true);
                File.SetLastWriteTimeUtc(target, Stamp);
            }
        }
    }

    private sealed class FakeSnapshot(string directory, string root, string pristine, IReadOnlyList<string> lowers) : IRunSnapshot
    {
        public SnapshotKind Kind => SnapshotKind.Copy;

        public string RootPath => root;

        public string? UpperPath => null;

        public string? PristinePath => pristine;

        public IReadOnlyList<string> LowerDirs => lowers;

        public ValueTask UnmountAsync() => ValueTask.CompletedTask;

        public IEnumerable<LayerItem> Changes() => LayerChanges.BetweenDirectories(pristine, root);

        public Task KeepAsync(SnapshotStore layers, Digest diffId, CancellationToken cancellationToken) => Task.CompletedTask;

        public void MoveFilesTo(string destination) => throw new NotSupportedException("the engine never keeps a RUN's files");

        public ValueTask DisposeAsync()
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
