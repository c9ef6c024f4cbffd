namespace Hoist.Execution;

/// <summary>runtime-spec config-linux.md "namespaces" entry: <c>pid</c>, <c>network</c>, <c>mount</c>, <c>ipc</c>, <c>uts</c>...</summary>
public sealed record RuntimeNamespace(string Type);
