namespace Hoist.Dockerfile.Instructions;

public sealed record StopsignalInstruction : Instruction, IExpandable
{
    public required string Signal { get; init; }

    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with { Signal = expandWord(Signal) };
    }
}
