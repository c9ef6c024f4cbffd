namespace Hoist.Execution;

/// <summary>Settings for <see cref="RuncRuntime"/>.</summary>
public sealed record RuncRuntimeOptions
{
    /// <summary>The OCI runtime binary: a name looked up on PATH (<c>runc</c>, <c>crun</c>) or a path.</summary>
    public string RuntimePath { get; init; } = "runc";

    /// <summary>The runtime's state directory (<c>--root</c>); null for its default (/run/runc for runc).</summary>
    public string? StateRoot { get; init; }

    /// <summary>Where bundle directories are written; the system temp directory when null.</summary>
    public string? BundleRoot { get; init; }

    /// <summary>How many of the last output lines <see cref="ContainerResult.LastLines"/> keeps.</summary>
    public int LastLines { get; init; } = 20;

    /// <summary>Parent cgroup for RUN containers (cgroupsPath = PARENT/ID); null lets the runtime name it.</summary>
    public string? CgroupParent { get; init; }

    /// <summary>How long to wait for a killed container to go away before giving up on it.</summary>
    public TimeSpan KillTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
