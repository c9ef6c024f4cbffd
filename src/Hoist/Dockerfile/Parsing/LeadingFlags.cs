using System.Text;

namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// Takes the <c>--name[=value]</c> words off the front of an instruction's arguments, as BuildKit does for every
/// instruction: quotes are removed and the escape character keeps the next character, but nothing is expanded.
/// A bare <c>--</c> ends the flags and is dropped; the first word not starting with <c>--</c> ends them too.
/// </summary>
internal static class LeadingFlags
{
    private enum Phase
    {
        BetweenWords,
        InWord,
        InQuote,
    }

    public static IReadOnlyList<string> Extract(string text, char escape, out string rest)
    {
        var flags = new List<string>();
        var word = new StringBuilder();
        var phase = Phase.BetweenWords;
        var quote = '\0';
        var keepEmpty = false;

        for (var pos = 0; pos < text.Length; pos++)
        {
            var ch = text[pos];
            switch (phase)
            {
                case Phase.BetweenWords:
                    if (char.IsWhiteSpace(ch))
                    {
                        continue;
                    }

                    if (ch != '-' || pos + 1 == text.Length || text[pos + 1] != '-')
                    {
                        rest = text[pos..];
                        return flags;
                    }

                    phase = Phase.InWord;
                    goto case Phase.InWord;

                case Phase.InWord:
                    if (char.IsWhiteSpace(ch))
                    {
                        var finished = word.ToString();
                        if (finished == "--")
                        {
                            rest = text[pos..];
                            return flags;
                        }

                        if (keepEmpty || finished.Length > 0)
                        {
                            flags.Add(finished);
                        }

                        word.Clear();
                        keepEmpty = false;
                        phase = Phase.BetweenWords;
                        continue;
                    }

                    if (ch is '\'' or '"')
                    {
                        quote = ch;
                        keepEmpty = true;
                        phase = Phase.InQuote;
                        continue;
                    }

                    if (ch == escape)
                    {
                        if (pos + 1 == text.Length)
                        {
                            continue; // a lone escape at the very end is dropped
                        }

                        ch = text[++pos];
                    }

                    word.Append(ch);
                    continue;

                case Phase.InQuote:
                    if (ch == quote)
                    {
                        phase = Phase.InWord;
                        continue;
                    }

                    if (ch == escape)
                    {
                        if (pos + 1 == text.Length)
                        {
                            phase = Phase.InWord;
                            continue;
                        }

                        ch = text[++pos];
                    }

                    word.Append(ch);
                    continue;
            }
        }

        // End of text inside a flag (an unterminated quote included): keep what was read.
        if (phase != Phase.BetweenWords)
        {
            var last = word.ToString();
            if (last != "--" && (keepEmpty || last.Length > 0))
            {
                flags.Add(last);
            }
        }

        rest = "";
        return flags;
    }
}
