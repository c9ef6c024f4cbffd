namespace Hoist.Dockerfile.Instructions;

public sealed record ShellInstruction : Instruction
{
    public required IReadOnlyList<string> Shell { get; init; }
}
