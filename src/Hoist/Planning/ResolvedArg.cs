namespace Hoist.Planning;

/// <summary>One declared ARG with the value it resolved to; <see cref="Value"/> is null when it stays unset.</summary>
public sealed record ResolvedArg(string Name, string? DefaultValue, string? Value, ArgValueSource Source, int Line)
{
    public bool IsSet => Value is not null;
}
