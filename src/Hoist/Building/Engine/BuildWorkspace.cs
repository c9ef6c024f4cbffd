using Hoist.Content;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// A build's private work directory under <c>snapshots/runs/PID-ID</c> (container bundles, snapshots), beside the
/// unpacked layers so renames stay on one file system. Creating one first cleans up after builds that were killed;
/// disposing removes it.
/// </summary>
public sealed class BuildWorkspace : IDisposable
{
    private BuildWorkspace(SnapshotStore snapshots, string path)
    {
        Snapshots = snapshots;
        Path = path;
    }

    public SnapshotStore Snapshots { get; }

    public string Path { get; }

    public static BuildWorkspace Create(ContentStore store, string runtimePath)
    {
        var snapshots = new SnapshotStore(System.IO.Path.Combine(store.Root, "snapshots"));
        StaleRuns.Clean(snapshots.RunsPath, runtimePath);
        var path = System.IO.Path.Combine(snapshots.RunsPath, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(path);
        return new BuildWorkspace(snapshots, path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
