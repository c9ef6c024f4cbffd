namespace Hoist.Planning;

/// <summary>One declared ARG with the value it resolved to; <see cref="Value"/> is null when it stays unset.
/// <see cref="DefaultValue"/> is the default as BuildKit's outline shows it: expanded, quotes removed.</summary>
public sealed record ResolvedArg(string Name, string? DefaultValue, string? Value, ArgValueSource Source, int Line)
{
    /// <summary>From a <c># NAME description</c> comment above the ARG.</summary>
    public string? Description { get; init; }

    /// <summary>The ARG's last line (continuations); BuildKit's outline gives one location range per line.</summary>
    public int EndLine { get; init; } = Line;

    public bool IsSet => Value is not null;
}
