namespace Hoist.Execution;

/// <summary>runtime-spec config-linux.md "resources.pids": the most tasks the container's cgroup may hold.</summary>
public sealed record RuntimePidsLimit(long Limit);
