namespace Hoist.Dockerfile.Instructions;

public sealed record CopyInstruction : Instruction, IExpandable
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

    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with
        {
            Sources = ExpandSources(Sources, Heredocs, expandWord),
            Destination = expandWord(Destination),
            // Variables are refused in --from when read, so this only removes quotes and escapes.
            From = From is null ? null : expandWord(From),
            Chown = Chown is null ? null : expandWord(Chown),
            Chmod = Chmod is null ? null : expandWord(Chmod),
        };
    }

    /// <summary>Each source path is one word; heredoc sources name inline content and are left as they are.</summary>
    internal static IReadOnlyList<string> ExpandSources(
        IReadOnlyList<string> sources, IReadOnlyList<Parsing.Heredoc> heredocs, Func<string, string> expandWord) =>
        sources.Select(s => heredocs.Count > 0 && ArgumentSplitter.IsHeredocWord(s) ? s : expandWord(s)).ToArray();
}
