namespace Hoist.Dockerfile.Instructions;

public sealed record EntrypointInstruction : Instruction
{
    public required CommandLine Command { get; init; }
}
