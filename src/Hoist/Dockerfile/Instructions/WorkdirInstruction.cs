namespace Hoist.Dockerfile.Instructions;

public sealed record WorkdirInstruction : Instruction
{
    public required string Path { get; init; }
}
