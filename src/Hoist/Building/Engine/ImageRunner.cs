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
        string runtimePath = "runc", Platform? platform = null, CancellationToken cancellationToken = default, ImageRunOptions? options = null)
    {
        options ??= new ImageRunOptions();
        var local = await store.ResolveImageAsync(image, platform, cancellationToken).ConfigureAwait(false);
        var start = local.Image;
        PlatformMatcher.Require(image, start.Platform, platform);
        var config = StageStart.WithDefaultPath(start.Config.Config ?? new ContainerConfig());
        // docker run: --entrypoint replaces ENTRYPOINT and drops the image's CMD ("" resets it to none).
        IReadOnlyList<string> entrypoint = options.Entrypoint is null ? config.Entrypoint ?? [] : options.Entrypoint.Length == 0 ? [] : [options.Entrypoint];
        IReadOnlyList<string> cmd = options.Entrypoint is null ? config.Cmd ?? [] : [];
        IReadOnlyList<string> args = [.. entrypoint, .. command.Count > 0 ? command : cmd];
        if (args.Count == 0) throw new HoistException($"image \"{image}\" has no command to run: give one after the image name");
        var ports = PublishedPortAllocator.Allocate(PortsToPublish(options, config));
        if (ports.Count > 0) options.PortsPublished?.Invoke(ports);
        var runtimeOptions = new RuncRuntimeOptions { RuntimePath = runtimePath, StateRoot = RuncRuntimeOptions.StateRootUnder(store.Root) };
        using var workspace = BuildWorkspace.Create(store, runtimeOptions);
        var workRoot = workspace.Path;
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        {
            var layers = new LayerDirectories(store, workspace.Snapshots, new AutoSnapshotter(workRoot));
            await using var snapshot = await layers.PrepareAsync(start.Layers, cancellationToken).ConfigureAwait(false);
            using var volumes = RunVolumeMounts.Prepare(store.Root, options.Volumes, snapshot.RootPath);
            var result = await new RuncRuntime(runtimeOptions with { BundleRoot = () => workRoot }).RunAsync(
                new ContainerRunRequest
                {
                    RootPath = snapshot.RootPath,
                    Args = args,
                    Env = WithOverrides(config.Env ?? [], options.Env),
                    WorkingDirectory = options.WorkingDirectory ?? (string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir),
                    User = options.User ?? config.User,
                    Network = options.Network,
                    PublishedPorts = ports,
                    Mounts = volumes.Mounts,
                    Stdio = options.Stdio,
                    Platform = start.Platform,
                }, output, cancellationToken).ConfigureAwait(false);
            return result.ExitCode;
        }
    }

    /// <summary>The <c>-p</c> ports, then with <c>-P</c> the image's EXPOSE ports no <c>-p</c> publishes (as docker,
    /// where an explicit mapping of the same container port wins).</summary>
    private static List<PublishedPort> PortsToPublish(ImageRunOptions options, ContainerConfig config)
    {
        var ports = options.PublishedPorts.ToList();
        if (!options.PublishAll || options.Network != NetworkMode.Sandbox) return ports;
        foreach (var exposed in (config.ExposedPorts ?? []).Order(StringComparer.Ordinal))
        {
            var port = PublishedPortSpec.Exposed(exposed);
            if (!ports.Any(p => p.ContainerPortName == port.ContainerPortName)) ports.Add(port);
        }
        return ports;
    }

    private static List<string> WithOverrides(IReadOnlyList<string> env, IReadOnlyList<string> overrides)
    {
        var result = env.ToList();
        foreach (var entry in overrides)
        {
            var name = entry.Split('=', 2)[0];
            result.RemoveAll(e => e.Split('=', 2)[0] == name);
            result.Add(entry);
        }
        return result;
    }
}
