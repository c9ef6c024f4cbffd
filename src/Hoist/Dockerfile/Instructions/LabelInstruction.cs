namespace Hoist.Dockerfile.Instructions;

public sealed record LabelInstruction : Instruction
{
    public required IReadOnlyList<KeyValue> Labels { get; init; }
}
