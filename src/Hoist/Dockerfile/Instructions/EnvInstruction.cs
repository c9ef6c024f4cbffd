namespace Hoist.Dockerfile.Instructions;

/// <summary>ENV in either form; all values on one line are expanded with the variables as they were before the line.</summary>
public sealed record EnvInstruction : Instruction, IExpandable
{
    /// <summary>True for the legacy <c>ENV name value</c> form (one variable, no <c>=</c>); linting warns about it.</summary>
    public bool LegacyForm { get; init; }

    public required IReadOnlyList<KeyValue> Variables { get; init; }

    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with { Variables = Variables.Select(v => new KeyValue(expandWord(v.Key), expandWord(v.Value))).ToArray() };
    }
}
