namespace Hoist.Dockerfile.Instructions;

public sealed record UserInstruction : Instruction, IExpandable
{
    /// <summary><c>user[:group]</c> as written.</summary>
    public required string User { get; init; }

    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with { User = expandWord(User) };
    }
}
