namespace Hoist.Execution;

/// <summary>
/// runtime-spec config-linux.md "namespaces" entry: <c>pid</c>, <c>network</c>, <c>mount</c>, <c>ipc</c>, <c>uts</c>...;
/// with <see cref="Path"/> the container joins that namespace instead of getting a new one.
/// </summary>
public sealed record RuntimeNamespace(string Type, string? Path = null);
