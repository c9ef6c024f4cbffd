namespace Hoist.Dockerfile.Instructions;

public sealed record RunInstruction : Instruction
{
    public required CommandLine Command { get; init; }

    public IReadOnlyList<RunMount> Mounts { get; init; } = [];

    /// <summary>--network=default|none|host; null when not given.</summary>
    public string? Network { get; init; }

    /// <summary>--security=sandbox|insecure; null when not given.</summary>
    public string? Security { get; init; }

    public IReadOnlyList<Parsing.Heredoc> Heredocs { get; init; } = [];
}
