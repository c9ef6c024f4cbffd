using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// Splits an instruction's arguments the way BuildKit's parser/line_parsers.go does for each instruction. Quotes are
/// kept wherever BuildKit keeps them, because the expander removes them later.
/// </summary>
internal static partial class ArgumentSplitter
{
    // BuildKit's reWhitespace: no newline, which never occurs in a joined instruction anyway.
    [GeneratedRegex("[\t\v\f\r ]+")]
    private static partial Regex Whitespace();

    // parser.go's reHeredoc: an optional fd, <<, an optional -, then a non-empty name.
    [GeneratedRegex(@"^(\d*)<<(-?)\s*([^<]+)$")]
    private static partial Regex HeredocWord();

    /// <summary>Whether a COPY/ADD word names a heredoc, such as <c>&lt;&lt;EOF</c> or <c>&lt;&lt;-"EOF"</c>.</summary>
    public static bool IsHeredocWord(string word) => HeredocWord().IsMatch(word);

    /// <summary>parseStringsWhitespaceDelimited: plain split, quotes mean nothing here.</summary>
    public static IReadOnlyList<string> SplitWhitespace(string rest) =>
        rest.Length == 0 ? [] : Whitespace().Split(rest);

    /// <summary>Splits on the first whitespace run: the legacy <c>ENV name value…</c> form.</summary>
    public static string[] SplitFirstWhitespace(string rest) => Whitespace().Split(rest, 2);

    /// <summary>
    /// parseJSON: when <paramref name="rest"/> is a JSON array of strings, its elements. Null when it is not a JSON array
    /// at all (shell form); an error when it is an array holding anything but strings.
    /// </summary>
    public static IReadOnlyList<string>? TryParseJsonArray(string rest)
    {
        rest = rest.TrimStart();
        if (!rest.StartsWith('['))
            return null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(rest);
        }
        catch (JsonException)
        {
            return null;
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                return null;
            var result = new List<string>();
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                    throw new InstructionError("when using JSON array syntax, arrays must be comprised of strings only");
                result.Add(element.GetString()!);
            }
            return result;
        }
    }

    /// <summary>
    /// parseWords: words separated by whitespace, where quoted text (and escaped characters) stay inside a word.
    /// Quotes and escape characters are kept in the word; an escape at the very end of the text is dropped.
    /// </summary>
    public static IReadOnlyList<string> Words(string rest, char escapeChar)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        var blankOk = false; // "" is a word of its own

        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (!inWord)
            {
                if (char.IsWhiteSpace(c))
                    continue;
                inWord = true;
            }
            if (quote == '\0')
            {
                if (char.IsWhiteSpace(c))
                {
                    if (blankOk || word.Length > 0)
                        words.Add(word.ToString());
                    word.Clear();
                    blankOk = false;
                    inWord = false;
                    continue;
                }
                if (c is '"' or '\'')
                {
                    quote = c;
                    blankOk = true;
                }
                else if (c == escapeChar)
                {
                    if (i + 1 == rest.Length)
                        continue;
                    word.Append(c);
                    c = rest[++i];
                }
                word.Append(c);
                continue;
            }
            // Inside quotes. The escape character works except inside single quotes.
            if (c == quote)
            {
                quote = '\0';
            }
            else if (c == escapeChar && quote != '\'')
            {
                if (i + 1 == rest.Length)
                {
                    quote = '\0';
                    continue;
                }
                word.Append(c);
                c = rest[++i];
            }
            word.Append(c);
        }
        if (inWord && (blankOk || word.Length > 0))
            words.Add(word.ToString());
        return words;
    }

    /// <summary>
    /// parseNameVal for ENV and LABEL: <c>k=v k2="v 2"</c>, or the legacy <c>k value with spaces</c> when the first word
    /// has no '='. Keys and values keep their quotes for the expander.
    /// </summary>
    public static (IReadOnlyList<KeyValue> Pairs, bool Legacy) NameValues(string rest, string instruction, char escapeChar)
    {
        var words = Words(rest, escapeChar);
        if (words.Count == 0)
            throw new InstructionError($"{instruction} requires at least one argument");

        if (!words[0].Contains('='))
        {
            var parts = SplitFirstWhitespace(rest);
            if (parts.Length < 2)
                throw new InstructionError($"{instruction} must have two arguments");
            return ([new KeyValue(parts[0], parts[1])], true);
        }

        var pairs = new List<KeyValue>(words.Count);
        foreach (var word in words)
        {
            var eq = word.IndexOf('=');
            if (eq < 0)
                throw new InstructionError($"Syntax error - can't find = in \"{word}\". Must be of the form: name=value");
            if (eq == 0)
                throw new InstructionError($"{instruction} names can not be blank");
            pairs.Add(new KeyValue(word[..eq], word[(eq + 1)..]));
        }
        return (pairs, false);
    }
}
