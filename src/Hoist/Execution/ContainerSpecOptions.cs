namespace Hoist.Execution;

/// <summary>What <see cref="RuntimeSpecBuilder"/> needs to describe one RUN container.</summary>
public sealed record ContainerSpecOptions
{
    public required string RootPath { get; init; }

    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>The final environment (<see cref="ProcessEnvironment.Build"/>).</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public string WorkingDirectory { get; init; } = "/";

    public ResolvedUser User { get; init; } = ResolvedUser.Root;

    public NetworkMode Network { get; init; } = NetworkMode.Sandbox;

    /// <summary>
    /// For <see cref="NetworkMode.Sandbox"/>: the prepared network namespace (a bind-mounted nsfs file) the container
    /// joins, already connected by the user-mode network stack.
    /// </summary>
    public string? NetworkNamespacePath { get; init; }

    public SecurityMode Security { get; init; } = SecurityMode.Sandbox;

    /// <summary>The most tasks the container's cgroup may hold (fork bombs stop there); unlimited when null.</summary>
    public long? PidsLimit { get; init; }

    /// <summary>Give the process a pseudo-terminal (runtime-spec <c>process.terminal</c>).</summary>
    public bool Terminal { get; init; }

    public string Hostname { get; init; } = SandboxFiles.DefaultHostname;

    /// <summary>Host file bind-mounted read-only at /etc/hosts; none when null.</summary>
    public string? HostsPath { get; init; }

    /// <summary>Host file bind-mounted read-only at /etc/resolv.conf; none when null.</summary>
    public string? ResolvConfPath { get; init; }

    /// <summary>Added after the defaults; one with the same destination as a default replaces it.</summary>
    public IReadOnlyList<RuntimeMount> ExtraMounts { get; init; } = [];

    /// <summary>
    /// RLIMIT_NOFILE for the process; null leaves the runtime's own (which is what BuildKit does).
    /// <see cref="RuntimeSpecBuilder.CurrentOpenFilesLimit"/> passes on the builder's limits explicitly.
    /// </summary>
    public RuntimeRlimit? OpenFilesLimit { get; init; }

    /// <summary><c>--ulimit</c>: further limits; one of the same type as <see cref="OpenFilesLimit"/> replaces it.</summary>
    public IReadOnlyList<RuntimeRlimit> Rlimits { get; init; } = [];

    /// <summary>Size of the /dev/shm tmpfs in bytes (<c>--shm-size</c>); docker's 64 MiB by default.</summary>
    public long ShmSize { get; init; } = DefaultShmSize;

    public const long DefaultShmSize = 64L << 20;

    /// <summary>Null lets the runtime choose (runc: a cgroup named after the container).</summary>
    public string? CgroupsPath { get; init; }
}
