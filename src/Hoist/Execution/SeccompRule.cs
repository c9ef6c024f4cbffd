namespace Hoist.Execution;

/// <summary>
/// One rule of a Docker-style seccomp profile before it is resolved for a container: the syscalls, what happens to them,
/// and the conditions under which the rule applies at all (moby's "includes" and "excludes").
/// </summary>
internal sealed record SeccompRule
{
    public const string Allow = "SCMP_ACT_ALLOW";
    public const string Errno = "SCMP_ACT_ERRNO";

    public required IReadOnlyList<string> Names { get; init; }

    public string Action { get; init; } = Allow;

    public uint? ErrnoRet { get; init; }

    public IReadOnlyList<RuntimeSyscallArg>? Args { get; init; }

    /// <summary>Applies only when the container holds every one of these capabilities (moby: includes.caps).</summary>
    public IReadOnlyList<string> WithCapabilities { get; init; } = [];

    /// <summary>Applies only when the container holds none of these capabilities (moby: excludes.caps).</summary>
    public IReadOnlyList<string> WithoutCapabilities { get; init; } = [];

    /// <summary>Applies only on these Go architecture names (moby: includes.arches).</summary>
    public IReadOnlyList<string> OnArchitectures { get; init; } = [];

    /// <summary>Never applies on these Go architecture names (moby: excludes.arches).</summary>
    public IReadOnlyList<string> NotOnArchitectures { get; init; } = [];

    /// <summary>Applies only from this kernel version on (moby: includes.minKernel).</summary>
    public Version? MinimumKernel { get; init; }

    public bool AppliesTo(IReadOnlyCollection<string> capabilities, string architecture, Version kernel) =>
        WithCapabilities.All(capabilities.Contains)
        && !WithoutCapabilities.Any(capabilities.Contains)
        && (OnArchitectures.Count == 0 || OnArchitectures.Contains(architecture))
        && !NotOnArchitectures.Contains(architecture)
        && (MinimumKernel is null || kernel >= MinimumKernel);
}
