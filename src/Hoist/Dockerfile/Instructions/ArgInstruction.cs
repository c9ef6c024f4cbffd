namespace Hoist.Dockerfile.Instructions;

public sealed record ArgInstruction : Instruction, IExpandable
{
    public required IReadOnlyList<ArgDeclaration> Arguments { get; init; }

    /// <summary>Expands names and default values, as BuildKit does; an ARG without a default stays without one.</summary>
    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with
        {
            Arguments = Arguments
                .Select(a => new ArgDeclaration(expandWord(a.Name), a.DefaultValue is null ? null : expandWord(a.DefaultValue)))
                .ToArray(),
        };
    }
}
