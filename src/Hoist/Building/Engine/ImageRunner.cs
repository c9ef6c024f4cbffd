using Hoist.Content;
using Hoist.Dispatch;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// <c>hoist run</c>: runs an image's entrypoint and command (or a given command) over a throw-away overlay snapshot of
/// its layers, with the config's Env, User and WorkingDir, the way <c>docker run --rm</c> would.
/// </summary>
public sealed class ImageRunner(ContentStore store)
{
    public async Task<int> RunAsync(string image, IReadOnlyList<string> command, Action<ContainerOutputLine> output,
        string runtimePath = "runc", CancellationToken cancellationToken = default)
    {
        var local = await store.ResolveImageAsync(image, cancellationToken: cancellationToken).ConfigureAwait(false);
        var start = StoreImageSource.ToImage(local);
        var config = StageStart.WithDefaultPath(start.Config.Config ?? new ContainerConfig());
        IReadOnlyList<string> args = [.. config.Entrypoint ?? [], .. command.Count > 0 ? command : config.Cmd ?? []];
        if (args.Count == 0) throw new HoistException($"image \"{image}\" has no command to run: give one after the image name");
        var snapshots = new SnapshotStore(Path.Combine(store.Root, "snapshots"));
        StaleRuns.Clean(snapshots.RunsPath, runtimePath);
        var workRoot = Path.Combine(snapshots.RunsPath, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(workRoot);
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var layers = new LayerDirectories(store, snapshots, new AutoSnapshotter(workRoot));
            var lowers = await layers.LowerDirsAsync(start.Layers, cancellationToken).ConfigureAwait(false);
            await using var snapshot = await layers.Snapshotter.PrepareAsync(lowers, cancellationToken).ConfigureAwait(false);
            var result = await new RuncRuntime(new RuncRuntimeOptions { RuntimePath = runtimePath, BundleRoot = workRoot }).RunAsync(
                new ContainerRunRequest
                {
                    RootPath = snapshot.RootPath,
                    Args = args,
                    Env = config.Env ?? [],
                    WorkingDirectory = string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir,
                    User = config.User,
                }, output, cancellationToken).ConfigureAwait(false);
            return result.ExitCode;
        }
        finally
        {
            try
            {
                Directory.Delete(workRoot, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
