namespace Hoist.Execution;

/// <summary>runtime-spec config.md "rlimits" entry, e.g. <c>RLIMIT_NOFILE</c>.</summary>
public sealed record RuntimeRlimit(string Type, ulong Hard, ulong Soft);
