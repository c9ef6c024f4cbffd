using Hoist.Content;
using Hoist.Execution;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// One process's private work space for running containers: the unpacked-layer store and a <see cref="ScratchSpace"/>
/// under <c>snapshots/runs/PID-ID</c> (container bundles, snapshots, copies, downloads, secrets), beside the unpacked
/// layers so renames stay on one file system. Creating one first reaps what killed processes left (containers,
/// mounts, scratch directories); disposing removes this one.
/// </summary>
public sealed class BuildWorkspace : IDisposable
{
    private BuildWorkspace(SnapshotStore snapshots, ScratchSpace scratch)
    {
        Snapshots = snapshots;
        Scratch = scratch;
    }

    public SnapshotStore Snapshots { get; }

    public ScratchSpace Scratch { get; }

    public string Path => Scratch.Path;

    public static BuildWorkspace Create(ContentStore store, RuncRuntimeOptions runtime)
    {
        var snapshots = new SnapshotStore(System.IO.Path.Combine(store.Root, "snapshots"));
        StaleRuns.Clean(snapshots.RunsPath, runtime);
        return new BuildWorkspace(snapshots, ScratchSpace.Create(snapshots.RunsPath));
    }

    public void Dispose() => Scratch.Dispose();
}
