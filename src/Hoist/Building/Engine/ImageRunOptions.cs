using Hoist.Execution;

namespace Hoist.Building.Engine;

/// <summary>What <c>hoist run</c> changes of the image's config, as <c>docker run</c>'s flags do.</summary>
public sealed record ImageRunOptions
{
    /// <summary><c>-e KEY=value</c>: added to the image's Env, replacing a variable of the same name.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary><c>--entrypoint</c>: replaces the image's ENTRYPOINT and drops its CMD; empty resets it; null keeps
    /// the image's.</summary>
    public string? Entrypoint { get; init; }

    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary><c>-v</c>: host paths, named volumes (under the state directory) and anonymous volumes.</summary>
    public IReadOnlyList<RunVolume> Volumes { get; init; } = [];

    /// <summary>A private network by default, as <c>docker run</c>'s bridge: outbound access through the user-mode
    /// stack, the host's loopback out of reach; <c>--network host|none</c> as docker.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.Sandbox;

    /// <summary><c>-i</c> attaches the standard streams, <c>-t</c> gives a terminal; captured lines otherwise.</summary>
    public ContainerStdio Stdio { get; init; } = ContainerStdio.Captured;

    /// <summary><c>-p</c>: ports to publish (host ports to choose among them); they need <see cref="NetworkMode.Sandbox"/>.</summary>
    public IReadOnlyList<PublishedPort> PublishedPorts { get; init; } = [];

    /// <summary><c>-P</c>: every port the image exposes, each on a free host port of the loopback.</summary>
    public bool PublishAll { get; init; }

    /// <summary>Told the published ports once their host ports are chosen, before the container starts.</summary>
    public Action<IReadOnlyList<PublishedPort>>? PortsPublished { get; init; }
}
