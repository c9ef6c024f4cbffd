namespace Hoist.Dockerfile.Instructions;

public sealed record VolumeInstruction : Instruction
{
    public required IReadOnlyList<string> Volumes { get; init; }
}
