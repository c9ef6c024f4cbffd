namespace Hoist.Dockerfile.Instructions;

public sealed record LabelInstruction : Instruction, IExpandable
{
    /// <summary>True for the legacy <c>LABEL name value</c> form (one label, no <c>=</c>); linting warns about it.</summary>
    public bool LegacyForm { get; init; }

    public required IReadOnlyList<KeyValue> Labels { get; init; }

    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with { Labels = Labels.Select(l => new KeyValue(expandWord(l.Key), expandWord(l.Value))).ToArray() };
    }
}
