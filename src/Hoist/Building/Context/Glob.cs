using System.Text;
using System.Text.RegularExpressions;

namespace Hoist.Building.Context;

/// <summary>
/// Go's filepath.Match, which BuildKit uses for wildcards in COPY/ADD sources: <c>*</c> and <c>?</c> stop at a slash,
/// <c>[...]</c> classes with <c>^</c> negation and ranges, <c>\</c> escapes. No <c>**</c>.
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;

    private Glob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    public string Pattern { get; }

    /// <summary>Whether a path segment contains an unescaped <c>*</c>, <c>?</c> or <c>[</c>.</summary>
    public static bool ContainsWildcards(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?' or '[':
                    return true;
            }
        }
        return false;
    }

    public static Glob Parse(string pattern)
    {
        if (!PathPattern.IsWellFormedGlob(pattern)) throw new HoistException($"syntax error in pattern \"{pattern}\"");
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\':
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '[':
                    i = AppendClass(pattern, i + 1, regex);
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        regex.Append(@"\z");
        try
        {
            // Linear-time matching: a pattern such as a*a*a*…b comes from the Dockerfile or the context, and the
            // backtracking engine would take exponential time on it.
            return new Glob(pattern, new Regex(regex.ToString(),
                RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking));
        }
        catch (ArgumentException)
        {
            throw new HoistException($"syntax error in pattern \"{pattern}\"");
        }
    }

    public bool IsMatch(string name) => _regex.IsMatch(name);

    /// <summary>Translates a well-formed class starting after its <c>[</c>; returns the index of its <c>]</c>.</summary>
    private static int AppendClass(string pattern, int i, StringBuilder regex)
    {
        regex.Append('[');
        if (pattern[i] == '^')
        {
            regex.Append('^');
            i++;
        }
        var first = true;
        while (first || pattern[i] != ']')
        {
            first = false;
            AppendClassChar(pattern, ref i, regex);
            if (pattern[i] == '-')
            {
                regex.Append('-');
                i++;
                AppendClassChar(pattern, ref i, regex);
            }
        }
        regex.Append(']');
        return i;
    }

    private static void AppendClassChar(string pattern, ref int i, StringBuilder regex)
    {
        if (pattern[i] == '\\') i++;
        var length = char.IsHighSurrogate(pattern[i]) ? 2 : 1;
        foreach (var ch in pattern.AsSpan(i, length))
        {
            // Inside a .NET class only these need escaping; '[' too, to avoid class subtraction syntax.
            if (ch is '\\' or ']' or '[' or '^' or '-') regex.Append('\\');
            regex.Append(ch);
        }
        i += length;
    }
}
