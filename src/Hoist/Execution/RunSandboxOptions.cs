using System.Globalization;

namespace Hoist.Execution;

/// <summary>
/// docker build's settings for every RUN container: <c>--add-host</c>, <c>--ulimit</c>, <c>--shm-size</c> and
/// <c>--cgroup-parent</c>. BuildKit keeps each in the ExecOp's metadata, so they are part of a RUN's cache key
/// (<see cref="KeyText"/>).
/// </summary>
public sealed record RunSandboxOptions
{
    public static RunSandboxOptions Default { get; } = new();

    /// <summary>Host name and address lines appended to the RUN's /etc/hosts.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHosts { get; init; } = [];

    /// <summary>Resource limits of the RUN's process; one for RLIMIT_NOFILE replaces the builder's own.</summary>
    public IReadOnlyList<RuntimeRlimit> Ulimits { get; init; } = [];

    /// <summary>Size of /dev/shm in bytes; null for docker's 64 MiB.</summary>
    public long? ShmSize { get; init; }

    /// <summary>The cgroup the RUN containers go below; null for the one Hoist runs in.</summary>
    public string? CgroupParent { get; init; }

    /// <summary>What the cache key of a RUN adds: empty when every setting is the default, so existing keys stay.</summary>
    public string KeyText
    {
        get
        {
            var parts = new List<string>();
            parts.AddRange(ExtraHosts.Select(h => $"host {h.Key}={h.Value}"));
            parts.AddRange(Ulimits.Select(u => $"ulimit {u.Type}={u.Soft}:{u.Hard}"));
            if (ShmSize is { } shm) parts.Add("shm " + shm.ToString(CultureInfo.InvariantCulture));
            if (CgroupParent is not null) parts.Add("cgroup-parent " + CgroupParent);
            return string.Join('\n', parts);
        }
    }
}
