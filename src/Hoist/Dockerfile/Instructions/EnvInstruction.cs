namespace Hoist.Dockerfile.Instructions;

/// <summary>ENV in either form; all values on one line are expanded with the variables as they were before the line.</summary>
public sealed record EnvInstruction : Instruction
{
    public required IReadOnlyList<KeyValue> Variables { get; init; }
}
