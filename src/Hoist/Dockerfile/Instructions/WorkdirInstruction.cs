namespace Hoist.Dockerfile.Instructions;

public sealed record WorkdirInstruction : Instruction, IExpandable
{
    public required string Path { get; init; }

    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with { Path = expandWord(Path) };
    }
}
