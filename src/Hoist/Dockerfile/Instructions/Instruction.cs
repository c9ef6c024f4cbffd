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
}
