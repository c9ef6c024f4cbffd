namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// Finds the heredoc markers (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>3&lt;&lt;"EOF"</c>, <c>&lt;&lt; EOF</c>) on an
/// instruction line, in order. Mirrors BuildKit: the line is split into shell words, and a word is a marker when it is
/// optional digits, <c>&lt;&lt;</c>, an optional <c>-</c>, optional blanks and a delimiter that contains no
/// <c>&lt;</c> and lexes to exactly one word. Any quoting in the delimiter turns expansion of the body off.
/// </summary>
internal static class HeredocMarkers
{
    /// <summary>Markers found on <paramref name="line"/>; <see cref="Heredoc.Content"/> is left empty for the caller.</summary>
    public static List<Heredoc> Find(string line, string fileName, int lineNumber)
    {
        var found = new List<Heredoc>();
        var words = HeredocWordLexer.Split(line, rawQuotes: true, rawEscapes: true);
        if (words is null)
        {
            return found;
        }

        foreach (var word in words)
        {
            if (TryParse(word, fileName, lineNumber) is { } heredoc)
            {
                found.Add(heredoc);
            }
        }

        return found;
    }

    /// <summary>
    /// The name a COPY/ADD source word such as <c>&lt;&lt;eo'f'</c> gives its heredoc (<c>eof</c>), lexed as the
    /// marker was; null when the word is no marker.
    /// </summary>
    public static string? NameOf(string word)
    {
        try
        {
            return TryParse(word, "", 0)?.Name;
        }
        catch (DockerfileException)
        {
            return null;
        }
    }

    private static Heredoc? TryParse(string word, string fileName, int lineNumber)
    {
        var pos = 0;
        while (pos < word.Length && char.IsAsciiDigit(word[pos]))
        {
            pos++;
        }

        var digits = word[..pos];
        if (pos + 1 >= word.Length || word[pos] != '<' || word[pos + 1] != '<')
        {
            return null;
        }

        pos += 2;
        var chomp = pos < word.Length && word[pos] == '-';
        if (chomp)
        {
            pos++;
        }

        while (pos < word.Length && word[pos] is ' ' or '\t' or '\n' or '\f' or '\r')
        {
            pos++;
        }

        var delimiter = word[pos..];
        if (delimiter.Length == 0 || delimiter.Contains('<'))
        {
            return null;
        }

        // Lex the delimiter twice, removing quotes and keeping them: if the counts of quote characters differ, some
        // part was quoted and the body must not be expanded.
        var plain = HeredocWordLexer.Split(delimiter, rawQuotes: false, rawEscapes: false)
            ?? throw new DockerfileException(fileName, lineNumber, $"invalid heredoc delimiter {delimiter}");
        if (plain.Count != 1)
        {
            return null;
        }

        var raw = HeredocWordLexer.Split(delimiter, rawQuotes: true, rawEscapes: false);
        if (raw is not { Count: 1 })
        {
            throw new DockerfileException(fileName, lineNumber, $"invalid heredoc delimiter {delimiter}");
        }

        var expand = CountQuotes(plain[0]) == CountQuotes(raw[0]);
        int? descriptor = digits.Length > 0 && int.TryParse(digits, out var fd) ? fd : null;
        return new Heredoc(plain[0], "", expand, chomp, descriptor);
    }

    private static int CountQuotes(string text)
    {
        var count = 0;
        foreach (var ch in text)
        {
            if (ch is '\'' or '"')
            {
                count++;
            }
        }

        return count;
    }
}
