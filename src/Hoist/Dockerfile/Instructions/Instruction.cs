namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// A typed Dockerfile instruction. Values are stored as written (quotes and variables intact) wherever BuildKit expands
/// them later with the stage's variables; see <see cref="IExpandable"/>.
/// </summary>
public abstract record Instruction
{
    /// <summary>First line of the instruction (1-based).</summary>
    public required int Line { get; init; }

    public required int EndLine { get; init; }

    /// <summary>The instruction as written, continuations joined; used for history and progress.</summary>
    public required string Original { get; init; }

    /// <summary>The comment lines directly above it (without <c>#</c>, trimmed), where stage and ARG descriptions
    /// live (<c># build compiles the app</c>).</summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>BuildKit's description of a definition named <paramref name="name"/>: the text after the first comment
    /// line that starts with that name and a space; null without one.</summary>
    public string? DescriptionOf(string name)
    {
        foreach (var comment in Comments)
        {
            if (comment.StartsWith(name + " ", StringComparison.Ordinal)) return comment[(name.Length + 1)..].Trim();
        }
        return null;
    }
}
