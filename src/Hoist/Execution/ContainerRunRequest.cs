using Hoist.Oci;

namespace Hoist.Execution;

/// <summary>One RUN: the root filesystem (e.g. <see cref="Snapshots.IRunSnapshot.RootPath"/>) and the process to start in it.</summary>
public sealed record ContainerRunRequest
{
    public required string RootPath { get; init; }

    /// <summary>Process arguments, e.g. from <see cref="RunCommandBuilder"/>.</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>Image ENV and build args in scope, <c>KEY=value</c>; PATH and HOME defaults are added.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    /// <summary>WORKDIR; created (owned by root, mode 0755) when missing, as BuildKit's executor does.</summary>
    public string WorkingDirectory { get; init; } = "/";

    /// <summary>USER as written in the Dockerfile; null or empty for root.</summary>
    public string? User { get; init; }

    /// <summary>Docker's default: a private namespace behind a user-mode network stack.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.Sandbox;

    /// <summary>RUN --security: the seccomp profile and default capabilities, or privileged when insecure.</summary>
    public SecurityMode Security { get; init; } = SecurityMode.Sandbox;

    public string Hostname { get; init; } = SandboxFiles.DefaultHostname;

    /// <summary>--add-host entries (host name, address) appended to /etc/hosts.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHosts { get; init; } = [];

    /// <summary>RUN --mount and similar; a bind source is a host path.</summary>
    public IReadOnlyList<RuntimeMount> Mounts { get; init; } = [];

    /// <summary>The platform of the root filesystem's programs; another than the host's runs through QEMU emulation
    /// (<see cref="BinfmtEmulation"/>). Null: the host's.</summary>
    public Platform? Platform { get; init; }

    /// <summary>TCP and UDP ports published from the host into a <see cref="NetworkMode.Sandbox"/> network
    /// (<c>hoist run -p</c>), their host ports chosen already (<see cref="PublishedPortAllocator"/>).</summary>
    public IReadOnlyList<PublishedPort> PublishedPorts { get; init; } = [];

    /// <summary>Captured lines (RUN), or the streams handed over for <c>hoist run -i</c> / <c>-t</c>.</summary>
    public ContainerStdio Stdio { get; init; } = ContainerStdio.Captured;

    /// <summary>Files provided read-only under /dev/pipes (heredoc scripts).</summary>
    public IReadOnlyList<InlineFile> Files { get; init; } = [];
}
