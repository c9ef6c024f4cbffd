namespace Hoist.Dockerfile.Instructions;

public sealed record RunInstruction : Instruction, IExpandable
{
    public required CommandLine Command { get; init; }

    public IReadOnlyList<RunMount> Mounts { get; init; } = [];

    /// <summary>--network=default|none|host; null when not given.</summary>
    public string? Network { get; init; }

    /// <summary>--security=sandbox|insecure; null when not given.</summary>
    public string? Security { get; init; }

    public IReadOnlyList<Parsing.Heredoc> Heredocs { get; init; } = [];

    /// <summary>
    /// Expands the --mount values only: each mount is parsed again from its raw text with every value expanded, so checks
    /// that waited for a variable happen now. The command is left to the shell; --network and --security are literal
    /// (BuildKit validates them when reading). Errors are <see cref="Expansion.ExpansionException"/>.
    /// </summary>
    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        if (Mounts.Count == 0)
            return this;
        try
        {
            return this with { Mounts = Mounts.Select(m => RunMountReader.Parse(m.Raw, expandWord)).ToArray() };
        }
        catch (InstructionError e)
        {
            throw new Expansion.ExpansionException(e.Message);
        }
    }
}
