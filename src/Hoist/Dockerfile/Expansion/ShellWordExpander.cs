namespace Hoist.Dockerfile.Expansion;

/// <summary>
/// Shell-word expansion as BuildKit's shell lexer does it: quotes, escapes and the <c>$V ${V…}</c> forms.
/// Minimal placeholder supporting $V and ${V}; the full lexer replaces it.
/// </summary>
public sealed class ShellWordExpander(char escapeChar = '\\')
{
    public char EscapeChar { get; } = escapeChar;

    /// <summary>Expands and unquotes one word.</summary>
    public string ExpandWord(string word, IReadOnlyDictionary<string, string> variables)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c != '$' || i + 1 >= word.Length) { sb.Append(c); continue; }
            string name;
            if (word[i + 1] == '{')
            {
                var end = word.IndexOf('}', i + 2);
                if (end < 0) throw new ExpansionException($"missing '}}' in \"{word}\"");
                name = word[(i + 2)..end];
                i = end;
            }
            else
            {
                var j = i + 1;
                while (j < word.Length && (char.IsAsciiLetterOrDigit(word[j]) || word[j] == '_')) j++;
                if (j == i + 1) { sb.Append(c); continue; }
                name = word[(i + 1)..j];
                i = j - 1;
            }
            if (variables.TryGetValue(name, out var value)) sb.Append(value);
        }
        return sb.ToString();
    }

    /// <summary>Expands a text and splits it into words (quotes keep words together).</summary>
    public IReadOnlyList<string> ExpandWords(string text, IReadOnlyDictionary<string, string> variables) =>
        ExpandWord(text, variables).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
