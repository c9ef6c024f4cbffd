namespace Hoist.Dockerfile.Instructions;

public sealed record AddInstruction : Instruction, IExpandable
{
    /// <summary>Sources as written (paths, URLs, git refs, or heredoc names such as <c>&lt;&lt;EOF</c>).</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public required string Destination { get; init; }

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Link { get; init; }

    public string? Checksum { get; init; }

    public bool KeepGitDir { get; init; }

    /// <summary>--unpack: null when not given (the default: local archives are unpacked, remote ones are not).</summary>
    public bool? Unpack { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = [];

    public IReadOnlyList<Parsing.Heredoc> Heredocs { get; init; } = [];

    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with
        {
            Sources = CopyInstruction.ExpandSources(Sources, Heredocs, expandWord),
            Destination = expandWord(Destination),
            Chown = Chown is null ? null : expandWord(Chown),
            Chmod = Chmod is null ? null : expandWord(Chmod),
            Checksum = Checksum is null ? null : expandWord(Checksum),
        };
    }
}
