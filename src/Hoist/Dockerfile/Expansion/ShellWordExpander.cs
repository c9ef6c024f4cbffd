using System.Globalization;
using System.Text;

namespace Hoist.Dockerfile.Expansion;

/// <summary>
/// Shell-word expansion with the semantics of BuildKit's shell lexer (frontend/dockerfile/shell/lex.go), which is
/// what Dockerfile instructions such as ENV, ARG, COPY, WORKDIR and LABEL use: <c>$V ${V}</c>,
/// <c>${V:-w} ${V-w} ${V:+w} ${V+w} ${V:?m} ${V?m}</c>, <c>${V#p} ${V##p} ${V%p} ${V%%p} ${V/p/r} ${V//p/r}</c>,
/// single and double quotes, and the escape character (<c>\</c>, or <c>`</c> under <c># escape=`</c>).
/// Unlike a real shell it never runs commands, never splits fields inside <see cref="ExpandWord"/>, and evaluates
/// every word part eagerly. Instances are immutable and safe to share between threads.
/// </summary>
public sealed class ShellWordExpander
{
    public ShellWordExpander(char escapeChar = '\\')
    {
        // The escape directive admits only these two; any other would change what "$" and quotes mean.
        if (escapeChar is not ('\\' or '`'))
            throw new ArgumentOutOfRangeException(nameof(escapeChar), escapeChar, "the escape character must be \\ or `");
        EscapeChar = escapeChar;
    }

    /// <summary>1 MiB: the longest expanded word accepted (<c>ENV a=$a$a</c> doubling, <c>${b//x/$b}</c> growth).</summary>
    public const int MaxWordLength = 1 << 20;

    public char EscapeChar { get; }

    /// <summary>
    /// The longest result an expansion may produce, in characters: <see cref="MaxWordLength"/> for words, more for a
    /// heredoc body (a file's content, bounded by the parser's line limit). Past it the expansion fails at once.
    /// </summary>
    public int MaxLength { get; init; } = MaxWordLength;

    /// <summary>
    /// Whether quotes are syntax (true, the default) or ordinary characters. BuildKit turns them off (its
    /// SkipProcessQuotes) to expand the body of a COPY/ADD heredoc whose marker is unquoted: variables and escapes
    /// are expanded there, while quotes are file content (BuildKit uses the backslash escape there whatever the
    /// escape directive says).
    /// </summary>
    public bool ProcessQuotes { get; init; } = true;

    /// <summary>Expands and unquotes one word (BuildKit ProcessWord); white space in it is kept as is.</summary>
    /// <exception cref="ExpansionException">Bad syntax, an unsupported modifier, or <c>${V?m}</c> / <c>${V:?m}</c> failing.</exception>
    public string ExpandWord(string word, IReadOnlyDictionary<string, string> variables) =>
        ExpandWordWithMatches(word, variables).Value;

    /// <summary>
    /// Expands one word like <see cref="ExpandWord"/> and reports which variable names it looked up and found, and
    /// which it looked up and found unset (BuildKit ProcessWordWithMatches).
    /// </summary>
    /// <exception cref="ExpansionException">As <see cref="ExpandWord"/>.</exception>
    public WordExpansion ExpandWordWithMatches(string word, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(variables);
        var scanner = new ShellWordScanner(word, EscapeChar, ProcessQuotes, variables, MaxLength);
        var value = Run(word, () => scanner.ScanAll(words: null));
        return new WordExpansion(value, scanner.Matched, scanner.Unmatched);
    }

    /// <summary>
    /// Expands a text, then splits it into words at unquoted white space (BuildKit ProcessWords). White space in
    /// variable values splits too; quoted text and escaped characters stay inside their word; an empty quoted
    /// string alone makes no word.
    /// </summary>
    /// <exception cref="ExpansionException">As <see cref="ExpandWord"/>.</exception>
    public IReadOnlyList<string> ExpandWords(string text, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);
        var scanner = new ShellWordScanner(text, EscapeChar, ProcessQuotes, variables, MaxLength);
        var words = new WordCollector();
        Run(text, () => scanner.ScanAll(words));
        return words.Finish();
    }

    private static string Run(string source, Func<string> scan)
    {
        try
        {
            return scan();
        }
        catch (ExpansionException e)
        {
            // Causes can carry user text (a ${V:?message}, a modifier); keep the whole message on one line.
            throw new ExpansionException($"failed to process {Quote(source)}: {Escape(e.Message)}");
        }
    }

    /// <summary>
    /// The word as a double-quoted string with control characters escaped, so the message stays one line; a long word
    /// is cut (a heredoc body may be megabytes).
    /// </summary>
    private static string Quote(string text) =>
        "\"" + Escape(text.Length > MaxQuoted ? text[..MaxQuoted] : text, quoted: true) + (text.Length > MaxQuoted ? "…" : "") + "\"";

    private const int MaxQuoted = 200;

    private static string Escape(string text, bool quoted = false)
    {
        var builder = new StringBuilder(text.Length + 2);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"' when quoted: builder.Append("\\\""); break;
                case '\\' when quoted: builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }
}
