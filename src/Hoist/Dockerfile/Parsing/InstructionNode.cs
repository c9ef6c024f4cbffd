namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// One instruction as written: keyword, leading <c>--flags</c>, the rest of the line (continuations joined, comments
/// inside continuations removed) and any heredoc bodies. No argument splitting and no variable expansion happen here;
/// that is the job of <c>Dockerfile/Instructions</c> and <c>Dockerfile/Expansion</c>.
/// </summary>
public sealed record InstructionNode
{
    /// <summary>Lower-cased keyword, e.g. <c>run</c>.</summary>
    public required string Keyword { get; init; }

    /// <summary>Keyword as written, e.g. <c>Run</c>.</summary>
    public required string OriginalKeyword { get; init; }

    /// <summary>The whole instruction as written, continuation lines joined (the escape char and newline removed).</summary>
    public required string Original { get; init; }

    public required int StartLine { get; init; }

    public required int EndLine { get; init; }

    /// <summary>
    /// Leading flags without expansion, e.g. <c>--mount=type=cache,target=/root/.cache</c>. As in BuildKit, quotes are
    /// removed and the escape character keeps the character after it (<c>--x="a b"</c> → <c>--x=a b</c>).
    /// </summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Text after the keyword and flags, trimmed; continuation lines joined.</summary>
    public required string Rest { get; init; }

    /// <summary>When <see cref="Rest"/> is a JSON array of strings (exec form), its elements; otherwise null.</summary>
    public IReadOnlyList<string>? JsonArgs { get; init; }

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];

    /// <summary>
    /// The comments directly above the instruction (BuildKit's PrevComment: without <c>#</c>, trimmed, parser
    /// directives left out); read for stage/ARG descriptions and per-instruction <c># check=</c> comments.
    /// </summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>When a continuation ran over an empty line, the line BuildKit reports that at (the continuation's last line).</summary>
    public int? EmptyContinuationLine { get; init; }

    /// <summary>
    /// For ONBUILD: the trigger instruction parsed from <see cref="Rest"/> (same lines; heredocs of a RUN/COPY/ADD
    /// trigger are on both nodes). Null when Rest is empty, or for an ONBUILD nested more than two levels deep.
    /// </summary>
    public InstructionNode? Child { get; init; }
}
