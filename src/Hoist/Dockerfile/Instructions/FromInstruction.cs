namespace Hoist.Dockerfile.Instructions;

/// <summary><c>FROM [--platform=P] image [AS name]</c>; <see cref="BaseName"/> is expanded with global ARGs by planning.</summary>
public sealed record FromInstruction : Instruction, IExpandable
{
    public required string BaseName { get; init; }

    /// <summary>Stage name as written (case preserved; compare case-insensitively).</summary>
    public string? StageName { get; init; }

    public string? Platform { get; init; }

    /// <summary>Expands the base name and platform (with the global ARGs when called by planning); the stage name is literal.</summary>
    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with { BaseName = expandWord(BaseName), Platform = Platform is null ? null : expandWord(Platform) };
    }
}
