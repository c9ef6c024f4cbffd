namespace Hoist.Dockerfile.Instructions;

public sealed record CmdInstruction : Instruction
{
    public required CommandLine Command { get; init; }
}
