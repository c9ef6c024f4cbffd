namespace Hoist.Execution;

/// <summary>Settings for <see cref="RuncRuntime"/>.</summary>
public sealed record RuncRuntimeOptions
{
    /// <summary>The default pids limit of a RUN container, as a fork bomb's ceiling (docker's --pids-limit has none).</summary>
    public const long DefaultPidsLimit = 4096;

    /// <summary>Hoist's own runc state directory inside a Hoist state directory.</summary>
    public static string StateRootUnder(string stateDirectory) => Path.Combine(stateDirectory, "runc");

    /// <summary>The OCI runtime binary: a name looked up on PATH (<c>runc</c>, <c>crun</c>) or a path.</summary>
    public string RuntimePath { get; init; } = "runc";

    /// <summary>
    /// The runtime's state directory (<c>--root</c>); null for its default (/run/runc for runc). Hoist gives runc its own
    /// under the state directory, so every container listed there is Hoist's and the orphan sweep may reap it.
    /// </summary>
    public string? StateRoot { get; init; }

    /// <summary>Where bundle directories are written, asked for when the first is made (a build's scratch space
    /// exists only once something needs it); the system temp directory when null.</summary>
    public Func<string>? BundleRoot { get; init; }

    /// <summary>How many of the last output lines <see cref="ContainerResult.LastLines"/> keeps.</summary>
    public int LastLines { get; init; } = 20;

    /// <summary>
    /// Parent cgroup for RUN containers (cgroupsPath = PARENT/ID); when null each container gets the relative path ID,
    /// which runc places below its own cgroup, that is below Hoist's.
    /// </summary>
    public string? CgroupParent { get; init; }

    /// <summary><c>--add-host</c>, <c>--ulimit</c>, <c>--shm-size</c> for every container (the cgroup parent is
    /// <see cref="CgroupParent"/>).</summary>
    public RunSandboxOptions Sandbox { get; init; } = RunSandboxOptions.Default;

    /// <summary>The most tasks (processes and threads) a container may hold; null for no limit.</summary>
    public long? PidsLimit { get; init; } = DefaultPidsLimit;

    /// <summary>User-mode network stacks to look for, in order, for <see cref="NetworkMode.Sandbox"/>.</summary>
    public IReadOnlyList<string> NetworkStacks { get; init; } = NetworkStack.DefaultCandidates;

    /// <summary>
    /// Keep sandbox networks for the next RUN (one RUN at a time in each; see <see cref="SandboxNetworkPool"/>) and start
    /// one ahead when asked (<see cref="RuncRuntime.PrepareNetwork"/>), for builders that run many RUNs and dispose the
    /// runtime at the end. Without it every RUN gets a network of its own, stopped when it ends.
    /// </summary>
    public bool ReuseNetworks { get; init; }

    /// <summary>How long to wait for a killed container to go away before giving up on it.</summary>
    public TimeSpan KillTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
