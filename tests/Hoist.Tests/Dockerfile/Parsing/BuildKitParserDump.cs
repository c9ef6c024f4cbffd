using System.Globalization;
using System.Text;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Tests.Dockerfile.Parsing;

/// <summary>
/// Writes Hoist's syntax nodes in the format of BuildKit's <c>Node.Dump</c> (the <c>result</c> files of its parser test
/// data): <c>(keyword ["--flag"] "arg" "arg")</c>, each argument split the way BuildKit's per-instruction line parser
/// splits it. The splitting uses Hoist's own <see cref="ArgumentSplitter"/>, so the comparison covers both layers.
/// </summary>
internal static class BuildKitParserDump
{
    public static string Dump(DockerfileSyntax syntax) =>
        string.Join("\n", syntax.Instructions.Select(node => "(" + Dump(node, syntax.EscapeChar) + ")"));

    private static string Dump(InstructionNode node, char escape)
    {
        var text = new StringBuilder(node.Keyword);
        if (node.Flags.Count > 0)
        {
            text.Append(" [").AppendJoin(' ', node.Flags.Select(GoQuote)).Append(']');
        }

        if (node.Keyword == "onbuild")
        {
            // BuildKit prints the trigger as a nested node.
            return node.Child is null ? text.ToString() : text.Append(" (").Append(Dump(node.Child, escape)).Append(')').ToString();
        }

        foreach (var argument in Arguments(node, escape))
        {
            text.Append(' ').Append(GoQuote(argument));
        }

        return text.ToString();
    }

    /// <summary>BuildKit's dispatch table in parser.go: which line parser each instruction uses.</summary>
    private static IEnumerable<string> Arguments(InstructionNode node, char escape) => node.Keyword switch
    {
        "add" or "copy" or "volume" => Json(node.Rest) ?? Whitespace(node.Rest),
        "arg" => ArgumentSplitter.Words(node.Rest, escape),
        "cmd" or "entrypoint" or "run" or "shell" => MaybeJson(node.Rest),
        "env" or "label" => NameValues(node.Rest, node.Keyword.ToUpperInvariant(), escape),
        "expose" or "from" => Whitespace(node.Rest),
        "healthcheck" => Healthcheck(node.Rest),
        _ => node.Rest.Length == 0 ? [] : [node.Rest],
    };

    private static IReadOnlyList<string>? Json(string rest) => ArgumentSplitter.TryParseJsonArray(rest);

    private static IEnumerable<string> Whitespace(string rest) => ArgumentSplitter.SplitWhitespace(rest);

    private static IEnumerable<string> MaybeJson(string rest) => rest.Length == 0 ? [] : Json(rest) ?? [rest];

    private static IEnumerable<string> NameValues(string rest, string instruction, char escape)
    {
        if (ArgumentSplitter.Words(rest, escape).Count == 0)
        {
            return [];
        }

        var (pairs, legacy) = ArgumentSplitter.NameValues(rest, instruction, escape);
        return pairs.SelectMany(pair => new[] { pair.Key, pair.Value, legacy ? "" : "=" });
    }

    private static IEnumerable<string> Healthcheck(string rest)
    {
        var separator = 0;
        while (separator < rest.Length && !char.IsWhiteSpace(rest[separator]))
        {
            separator++;
        }

        return separator == 0 ? [] : [rest[..separator], .. MaybeJson(rest[separator..].TrimStart())];
    }

    /// <summary>Go's <c>strconv.Quote</c>: printable runes as they are, the rest escaped.</summary>
    public static string GoQuote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes())
        {
            quoted.Append(rune.Value switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                _ when IsPrintable(rune) => rune.ToString(),
                < 0x80 => $"\\x{rune.Value:x2}",
                < 0x10000 => $"\\u{rune.Value:x4}",
                _ => $"\\U{rune.Value:x8}",
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
