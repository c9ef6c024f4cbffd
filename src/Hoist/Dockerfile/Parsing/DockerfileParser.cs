using System.Text;

namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// Dockerfile text → <see cref="DockerfileSyntax"/>, following BuildKit's <c>frontend/dockerfile/parser</c>: parser
/// directives at the top, the escape character for line continuations, comment and blank lines skipped inside a
/// continuation, leading <c>--flags</c>, exec-form detection, heredoc bodies for RUN/COPY/ADD, ONBUILD triggers.
/// Pure and linear in the size of the text, read line by line; every error is a <see cref="DockerfileException"/> with
/// file and line. An unknown keyword is kept as a node, as BuildKit's parser keeps it: reading the instructions refuses
/// it, after the checks of the instructions before it have run. Deliberate differences from BuildKit: a file without instructions yields an empty list (the planner reports it), and a line, an instruction
/// with its continuation lines, and a heredoc body are each limited to <see cref="MaxLineLength"/> characters, so a
/// hostile Dockerfile fails fast instead of filling memory.
/// </summary>
public static class DockerfileParser
{
    /// <summary>16 MiB: the longest physical line, logical line (continuations joined) or heredoc body accepted.</summary>
    public const int MaxLineLength = 16 << 20;

    /// <summary>
    /// 2,000: the most instructions one Dockerfile (or one image's ONBUILD list) may hold. Every step keeps the image
    /// config and the variables it sees, so memory and cache-key work grow with the square of the instructions: 20,000
    /// LABEL lines (200 KB of text) took gigabytes before this limit. The largest Dockerfiles in our corpus have ~60.
    /// </summary>
    public const int MaxInstructions = 2000;

    private const int MaxOnbuildDepth = 3;

    private static readonly char[] KeywordSeparators = [' ', '\t', '\v', '\f', '\r'];

    public static DockerfileSyntax Parse(string text, string fileName = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader, fileName);
    }

    /// <summary>Parses while reading, so a file is never held whole beside its syntax tree.</summary>
    public static DockerfileSyntax Parse(TextReader reader, string fileName = "Dockerfile")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fileName);

        var lines = new DockerfileLineReader(reader, fileName, MaxLineLength);
        var directives = new ParserDirectives();
        var instructions = new List<InstructionNode>();
        var joined = new StringBuilder();

        var comments = new List<string>();
        while (lines.TryRead(out var raw))
        {
            var content = TrimNewline(raw).TrimStart();
            var directivesBefore = directives.Found.Count;
            directives.Inspect(content, lines.Number, fileName);
            if (IsComment(content))
            {
                CollectComment(raw, comments, isDirective: directives.Found.Count > directivesBefore);
                content = "";
            }

            var startLine = lines.Number;
            var escape = directives.EscapeChar;
            var ends = !TrimContinuation(ref content, escape);
            if (ends && content.Length == 0)
            {
                continue;
            }

            if (instructions.Count == MaxInstructions)
            {
                throw new DockerfileException(fileName, startLine, $"more than {MaxInstructions} instructions, Hoist's limit for a Dockerfile");
            }

            if (ends)
            {
                // No continuation (the usual case): the line is the instruction, without a copy through the builder.
                instructions.Add(ParseInstruction(content, startLine, lines, escape, fileName) with { Comments = [.. comments] });
                comments.Clear();
                continue;
            }

            joined.Clear().Append(content);
            var emptyContinuation = false;
            while (!ends && lines.TryRead(out raw))
            {
                // Continuation lines keep their leading blanks; comment and blank lines in between are skipped.
                content = TrimNewline(raw);
                if (IsComment(content))
                {
                    continue;
                }

                if (string.IsNullOrWhiteSpace(content))
                {
                    emptyContinuation = true;
                    continue;
                }

                ends = !TrimContinuation(ref content, escape);
                if (joined.Length + content.Length > MaxLineLength)
                {
                    throw new DockerfileException(fileName, startLine, $"instruction is longer than {Limit} with its continuation lines");
                }

                joined.Append(content);
            }

            int? emptyContinuationLine = emptyContinuation ? lines.Number : null;
            var node = ParseInstruction(joined.ToString(), startLine, lines, escape, fileName);
            instructions.Add(node with { Comments = [.. comments], EmptyContinuationLine = emptyContinuationLine });
            comments.Clear();
            if (joined.Capacity > 1 << 20)
            {
                // Give back a long instruction's buffer; Capacity may not drop below the text it still holds.
                joined.Clear();
                joined.Capacity = 1 << 10;
            }
        }

        if (instructions.Count == 0)
        {
            // BuildKit's words: dockerui refuses an empty file before parsing, the parser one of comments and blanks.
            throw new DockerfileException(fileName, lines.Number,
                lines.Number == 0 ? "the Dockerfile cannot be empty" : "file with no instructions");
        }
        return new DockerfileSyntax(fileName, directives.Found, directives.EscapeChar, instructions);
    }

    private static InstructionNode ParseInstruction(string line, int startLine, DockerfileLineReader lines, char escape, string fileName)
    {
        // ONBUILD nests: each level is split from the previous one's rest, built bottom-up. Nesting is followed three
        // levels deep at most (ONBUILD ONBUILD is rejected later anyway) so "ONBUILD ONBUILD …" stays linear.
        var levels = new List<Level>();
        var text = line;
        while (true)
        {
            var level = SplitLevel(text, escape, fileName, startLine);
            levels.Add(level);
            if (level.Keyword != "onbuild" || level.Rest.Length == 0 || levels.Count == MaxOnbuildDepth)
            {
                break;
            }

            text = level.Rest;
        }

        // Like BuildKit, an ONBUILD trigger's heredocs are looked for one level down only.
        var owner = levels[0].Keyword == "onbuild" && levels.Count > 1 ? levels[1] : levels[0];
        IReadOnlyList<Heredoc> heredocs = [];
        if (owner.Keyword is "run" or "copy" or "add" && owner.JsonArgs is null && line.Contains("<<", StringComparison.Ordinal))
        {
            heredocs = ReadHeredocBodies(HeredocMarkers.Find(line, fileName, startLine), lines, fileName, startLine);
        }

        var endLine = lines.Number;
        InstructionNode? child = null;
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            var level = levels[i];
            child = new InstructionNode
            {
                Keyword = level.Keyword,
                OriginalKeyword = level.OriginalKeyword,
                Original = level.Original,
                StartLine = startLine,
                EndLine = endLine,
                Flags = level.Flags,
                Rest = level.Rest,
                JsonArgs = level.JsonArgs,
                Heredocs = i <= 1 ? heredocs : [],
                Child = child,
            };
        }

        return child!;
    }

    private static Level SplitLevel(string text, char escape, string fileName, int line)
    {
        var trimmed = text.Trim();
        var separator = trimmed.IndexOfAny(KeywordSeparators);
        var keyword = separator < 0 ? trimmed : trimmed[..separator];
        var arguments = separator < 0 ? "" : trimmed[separator..].TrimStart(KeywordSeparators);
        var lower = keyword.ToLowerInvariant();
        var flags = LeadingFlags.Extract(arguments, escape, out var rest);
        rest = rest.Trim();

        var kind = ExecForm.Parse(rest, out var jsonArgs);
        var checkedForm = kind;
        if (lower == "healthcheck")
        {
            // HEALTHCHECK CMD [...]: the exec form is what follows the first word.
            var firstBlank = 0;
            while (firstBlank < rest.Length && !char.IsWhiteSpace(rest[firstBlank]))
            {
                firstBlank++;
            }

            checkedForm = firstBlank == 0 ? ExecForm.Kind.NotJson : ExecForm.Parse(rest[firstBlank..], out _);
        }

        if (checkedForm == ExecForm.Kind.NotStrings
            && lower is "run" or "cmd" or "entrypoint" or "shell" or "add" or "copy" or "volume" or "healthcheck")
        {
            throw new DockerfileException(fileName, line, "when using JSON array syntax, arrays must be comprised of strings only");
        }

        return new Level(lower, keyword, text, flags, rest, jsonArgs);
    }

    /// <summary>How the limit reads in messages.</summary>
    internal static string Limit => $"16 MiB ({MaxLineLength} characters), Hoist's limit";

    private static List<Heredoc> ReadHeredocBodies(List<Heredoc> markers, DockerfileLineReader lines, string fileName, int startLine)
    {
        var bodies = new List<Heredoc>(markers.Count);
        var content = new StringBuilder();
        foreach (var marker in markers)
        {
            content.Clear();
            var terminated = false;
            while (lines.TryRead(out var raw))
            {
                // Body lines are taken verbatim (line endings included); only the terminator is compared trimmed.
                var candidate = TrimNewline(raw);
                if (marker.Chomp)
                {
                    candidate = candidate.TrimStart('\t');
                }

                if (candidate == marker.Name)
                {
                    terminated = true;
                    break;
                }

                if (content.Length + raw.Length > MaxLineLength)
                {
                    throw new DockerfileException(fileName, startLine, $"heredoc <<{marker.Name} is longer than {Limit}");
                }

                content.Append(marker.Chomp ? raw.TrimStart('\t') : raw);
            }

            if (!terminated)
            {
                throw new DockerfileException(
                    fileName, startLine, $"unterminated heredoc: no line \"{marker.Name}\" closes <<{marker.Name} before the end of the file");
            }

            bodies.Add(marker with { Content = content.ToString() });
        }

        return bodies;
    }

    /// <summary>
    /// Removes a trailing line-continuation: the escape character as the last character apart from spaces and tabs,
    /// unless it is itself escaped (BuildKit's check looks at one preceding character only, so <c>\\\</c> does not
    /// continue either). The escape and the blanks after it go.
    /// </summary>
    private static bool TrimContinuation(ref string line, char escape)
    {
        var last = line.Length - 1;
        while (last >= 0 && line[last] is ' ' or '\t')
        {
            last--;
        }

        if (last < 0 || line[last] != escape || (last > 0 && line[last - 1] == escape))
        {
            return false;
        }

        line = line[..last];
        return true;
    }

    private static string TrimNewline(string line) => line.TrimEnd('\r', '\n');

    /// <summary>
    /// BuildKit's PrevComment: comment lines since the last instruction, each without its <c>#</c> and trimmed; an
    /// empty <c>#</c> starts over, a parser directive is not one, and blank lines do not break the run. Like BuildKit it
    /// drops the first character of the raw line, so an indented comment keeps its <c>#</c>.
    /// </summary>
    private static void CollectComment(string raw, List<string> comments, bool isDirective)
    {
        if (isDirective)
        {
            return;
        }

        var text = raw[1..].Trim();
        if (text.Length == 0)
        {
            comments.Clear();
        }
        else
        {
            comments.Add(text);
        }
    }

    private static bool IsComment(string line)
    {
        foreach (var ch in line)
        {
            if (!char.IsWhiteSpace(ch))
            {
                return ch == '#';
            }
        }

        return false;
    }

    private sealed record Level(
        string Keyword, string OriginalKeyword, string Original, IReadOnlyList<string> Flags, string Rest, IReadOnlyList<string>? JsonArgs);
}
