namespace Hoist.Dockerfile.Instructions;

public sealed record CopyInstruction : Instruction
{
    public required IReadOnlyList<string> Sources { get; init; }

    public required string Destination { get; init; }

    /// <summary>--from: a stage name, a stage index or an image reference.</summary>
    public string? From { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Link { get; init; }

    public bool Parents { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = [];

    public IReadOnlyList<Parsing.Heredoc> Heredocs { get; init; } = [];
}
