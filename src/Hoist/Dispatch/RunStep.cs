using Hoist.Execution;
using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>RUN: the process as the runtime takes it, the environment it sees, its network and its mounts.</summary>
public sealed record RunStep : LayerStep
{
    public required RunCommand Command { get; init; }

    /// <summary>The image's ENV, then the build args in scope, then the proxy build args (<c>KEY=value</c>).</summary>
    public required IReadOnlyList<string> Environment { get; init; }

    public required NetworkMode Network { get; init; }

    /// <summary><c>--security</c>, null when not given.</summary>
    public string? Security { get; init; }

    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];

    /// <summary>The build's RUN container settings as key text (<c>RunSandboxOptions.KeyText</c>); empty by default.</summary>
    public string SandboxKey { get; init; } = "";

    public string WorkingDirectory => Config.WorkingDir ?? "/";

    public override async Task<Digest?> KeyAsync(Digest filesystem, IStepKeyInputs inputs, CancellationToken cancellationToken) =>
        StepKeys.Run(filesystem, new RunKeyInputs
        {
            Args = Command.Args,
            Files = [.. Command.Files.Select(f => $"{f.ContainerPath} {(int)f.Mode} {f.Content}")],
            Environment = Environment,
            WorkingDirectory = WorkingDirectory,
            User = Config.User,
            Network = Network.ToString(),
            Security = Security,
            Sandbox = SandboxKey,
            Mounts = await MountKeysAsync(inputs, cancellationToken).ConfigureAwait(false),
        });

    /// <summary>
    /// Every option of every mount, and for bind mounts (and cache mounts seeded <c>from</c>) what they expose — a
    /// stage's key, an image's digest, or the content of the selected context files. Cache mount contents, secret
    /// values and ssh sockets never count, as in BuildKit.
    /// </summary>
    private async Task<IReadOnlyList<string>> MountKeysAsync(IStepKeyInputs inputs, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var mount in Mounts)
        {
            var exposed = await ExposedAsync(mount, inputs, cancellationToken).ConfigureAwait(false);
            keys.Add(exposed is null ? mount.KeyText : mount.KeyText + " content=" + exposed);
        }
        return keys;
    }

    private static async Task<string?> ExposedAsync(MountSpec mount, IStepKeyInputs inputs, CancellationToken cancellationToken)
    {
        switch (mount)
        {
            case BindMountSpec { From: null or ContextRef } bind:
                var request = new CopyRequest { Sources = [string.IsNullOrEmpty(bind.Source) ? "." : bind.Source], Destination = "/mount/" };
                var context = bind.From as ContextRef ?? ContextRef.Instance;
                var content = await inputs.ContextContentAsync(context, request, cancellationToken).ConfigureAwait(false);
                // No key means the mount cannot be read; a unique input makes the step run and report why.
                return content?.ToString() ?? "unkeyed " + Guid.NewGuid();
            case BindMountSpec { From: { } from }:
                return await inputs.IdentityAsync(from, cancellationToken).ConfigureAwait(false);
            case CacheMountSpec { From: { } from }:
                return await inputs.IdentityAsync(from, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }
}
