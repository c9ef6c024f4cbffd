namespace Hoist.Dockerfile.Instructions;

public sealed record StopsignalInstruction : Instruction
{
    public required string Signal { get; init; }
}
