namespace Hoist.Dockerfile.Instructions;

public sealed record VolumeInstruction : Instruction, IExpandable
{
    public required IReadOnlyList<string> Volumes { get; init; }

    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with { Volumes = Volumes.Select(expandWord).ToArray() };
    }
}
