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
    /// <param name="platform">Which image of an index to run (default: this machine's); another platform than the
    /// host's runs through QEMU emulation.</param>
    public async Task<int> RunAsync(string image, IReadOnlyList<string> command, Action<ContainerOutputLine> output,
        string runtimePath = "runc", Platform? platform = null, CancellationToken cancellationToken = default)
    {
        var local = await store.ResolveImageAsync(image, platform, cancellationToken).ConfigureAwait(false);
        var start = local.Image;
        PlatformMatcher.Require(image, start.Platform, platform);
        var config = StageStart.WithDefaultPath(start.Config.Config ?? new ContainerConfig());
        IReadOnlyList<string> args = [.. config.Entrypoint ?? [], .. command.Count > 0 ? command : config.Cmd ?? []];
        if (args.Count == 0) throw new HoistException($"image \"{image}\" has no command to run: give one after the image name");
        var runtimeOptions = new RuncRuntimeOptions { RuntimePath = runtimePath, StateRoot = RuncRuntimeOptions.StateRootUnder(store.Root) };
        using var workspace = BuildWorkspace.Create(store, runtimeOptions);
        var workRoot = workspace.Path;
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        {
            var layers = new LayerDirectories(store, workspace.Snapshots, new AutoSnapshotter(workRoot));
            await using var snapshot = await layers.PrepareAsync(start.Layers, cancellationToken).ConfigureAwait(false);
            var result = await new RuncRuntime(runtimeOptions with { BundleRoot = workRoot }).RunAsync(
                new ContainerRunRequest
                {
                    RootPath = snapshot.RootPath,
                    Args = args,
                    Env = config.Env ?? [],
                    WorkingDirectory = string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir,
                    User = config.User,
                    Network = NetworkMode.Host, // hoist run serves on the host's ports, as documented
                    Platform = start.Platform,
                }, output, cancellationToken).ConfigureAwait(false);
            return result.ExitCode;
        }
    }
}
