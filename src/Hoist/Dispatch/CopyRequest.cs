using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Dispatch;

/// <summary>A COPY or ADD after variable expansion, with the stage state it depends on (WORKDIR).</summary>
public sealed record CopyRequest
{
    public bool IsAdd { get; init; }

    /// <summary>Sources as written: paths (maybe with wildcards), URLs and git refs (ADD), or heredoc words such as
    /// <c>&lt;&lt;EOF</c> (those are also in <see cref="InlineFiles"/>).</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    public required string Destination { get; init; }

    /// <summary>The stage's WORKDIR; a relative destination is resolved against it.</summary>
    public string WorkingDirectory { get; init; } = "/";

    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public IReadOnlyList<string> Excludes { get; init; } = [];

    public bool Parents { get; init; }

    /// <summary>The sources that are here-documents, with their content, in source order.</summary>
    public IReadOnlyList<CopyInlineFile> InlineFiles { get; init; } = [];

    public bool? Unpack { get; init; }

    public string? Checksum { get; init; }

    public bool? KeepGitDir { get; init; }

    public static CopyRequest From(CopyInstruction copy, string workingDirectory) => new()
    {
        Sources = copy.Sources,
        Destination = copy.Destination,
        WorkingDirectory = workingDirectory,
        Chown = copy.Chown,
        Chmod = copy.Chmod,
        Excludes = copy.Excludes,
        Parents = copy.Parents,
        InlineFiles = InlineFilesOf(copy.Sources, copy.Heredocs),
    };

    public static CopyRequest From(AddInstruction add, string workingDirectory) => new()
    {
        IsAdd = true,
        Sources = add.Sources,
        Destination = add.Destination,
        WorkingDirectory = workingDirectory,
        Chown = add.Chown,
        Chmod = add.Chmod,
        Excludes = add.Excludes,
        InlineFiles = InlineFilesOf(add.Sources, add.Heredocs),
        Unpack = add.Unpack,
        Checksum = add.Checksum,
        KeepGitDir = add.KeepGitDir ? true : null,
    };

    /// <summary>The heredoc words among the sources, each with the body of the heredoc it names (only when the line has
    /// heredocs: otherwise a word such as <c>&lt;&lt;x</c> is a path).</summary>
    private static IReadOnlyList<CopyInlineFile> InlineFilesOf(IReadOnlyList<string> sources, IReadOnlyList<Heredoc> heredocs) =>
        heredocs.Count == 0
            ? []
            : [.. sources.Where(ArgumentSplitter.IsHeredocWord).Select(word => InlineFile(word, heredocs))];

    private static CopyInlineFile InlineFile(string word, IReadOnlyList<Heredoc> heredocs)
    {
        var name = HeredocName(word);
        return new CopyInlineFile(word, name, heredocs.FirstOrDefault(h => h.Name == name)?.Content);
    }

    /// <summary>The name a heredoc source word gives its content: <c>&lt;&lt;-"EOF"</c> → <c>EOF</c>, <c>&lt;&lt;eo'f'</c> →
    /// <c>eof</c> (quotes removed as the parser removed them from the marker).</summary>
    public static string HeredocName(string word)
    {
        if (HeredocMarkers.NameOf(word) is { } lexed) return lexed;
        var start = word.IndexOf("<<", StringComparison.Ordinal) + 2;
        var name = word[start..].TrimStart('-').Trim();
        if (name.Length >= 2 && (name[0] is '"' or '\'') && name[^1] == name[0]) name = name[1..^1];
        return name;
    }
}
