namespace Hoist.Dockerfile.Instructions;

/// <summary><c>FROM [--platform=P] image [AS name]</c>; <see cref="BaseName"/> is expanded with global ARGs by planning.</summary>
public sealed record FromInstruction : Instruction
{
    public required string BaseName { get; init; }

    /// <summary>Stage name as written (case preserved; compare case-insensitively).</summary>
    public string? StageName { get; init; }

    public string? Platform { get; init; }
}
