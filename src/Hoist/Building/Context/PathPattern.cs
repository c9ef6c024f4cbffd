using System.Text;
using System.Text.RegularExpressions;
using Hoist.Posix;

namespace Hoist.Building.Context;

/// <summary>
/// One .dockerignore / <c>--exclude</c> / <c>--parents</c> pattern with moby/patternmatcher semantics: <c>*</c> and
/// <c>?</c> never cross a slash, <c>**</c> matches any number of directories (even none), <c>[...]</c> classes,
/// <c>\</c> escapes, a leading <c>!</c> makes an exception. Patterns are cleaned like Go's filepath.Clean.
/// </summary>
public sealed class PathPattern
{
    private enum MatchKind { Exact, Prefix, Suffix, Regex }

    private readonly MatchKind _kind;
    private readonly Regex? _regex;
    private readonly string _prefix; // Prefix: the text before the final "/*"-style tail
    private readonly string _suffix; // Suffix: the text after the leading "**"

    private PathPattern(string text, bool isException, MatchKind kind, Regex? regex)
    {
        Text = text;
        IsException = isException;
        _kind = kind;
        _regex = regex;
        _prefix = kind == MatchKind.Prefix ? text[..^2] : "";
        _suffix = kind == MatchKind.Suffix ? text[2..] : "";
    }

    /// <summary>The cleaned pattern without its <c>!</c>.</summary>
    public string Text { get; }

    /// <summary>True for <c>!pattern</c>: a path it matches is re-included.</summary>
    public bool IsException { get; }

    /// <summary>Parses one pattern; throws <see cref="HoistException"/> for a malformed one (unclosed class, trailing
    /// escape, empty class, a bare <c>!</c>). Returns null for a blank pattern, which patternmatcher skips.</summary>
    public static PathPattern? Parse(string pattern)
    {
        var text = pattern.Trim();
        if (text.Length == 0) return null;
        text = UnixPath.Clean(text);
        var isException = false;
        if (text[0] == '!')
        {
            if (text.Length == 1) throw new HoistException("illegal exclusion pattern: \"!\"");
            isException = true;
            text = text[1..];
        }
        if (!IsWellFormedGlob(text)) throw new HoistException($"syntax error in pattern \"{pattern.Trim()}\"");
        var (kind, regex) = Compile(text);
        Regex? compiled = null;
        if (kind == MatchKind.Regex)
        {
            try
            {
                // Linear-time matching: .dockerignore is the context's, and "*a*a*a…b" or "**/**/…x" take the
                // backtracking engine exponential time on a long name (a build hung on one line of it).
                compiled = new Regex(regex, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (ArgumentException)
            {
                // Go's filepath.Match accepts reversed ranges such as [z-a] and unknown escapes; patternmatcher then
                // fails when it first matches. We fail here instead, with the same "syntax error" wording.
                throw new HoistException($"syntax error in pattern \"{pattern.Trim()}\"");
            }
        }
        return new PathPattern(text, isException, kind, compiled);
    }

    /// <summary>Whether the pattern matches exactly this slash-separated relative path (no parent logic).</summary>
    public bool Matches(string path) => Matches(path.AsSpan());

    /// <summary>As <see cref="Matches(string)"/>, for a part of a path (its parents) without making a string of it.</summary>
    public bool Matches(ReadOnlySpan<char> path) => _kind switch
    {
        MatchKind.Exact => path.SequenceEqual(Text),
        MatchKind.Prefix => path.StartsWith(_prefix, StringComparison.Ordinal),
        MatchKind.Suffix => MatchesSuffix(path),
        _ => _regex!.IsMatch(path),
    };

    /// <summary>The pattern with a trailing <c>/**</c> or <c>/*</c> removed; used to tell whether an exception could
    /// only match below a given directory (fsutil's walk optimisation).</summary>
    internal string WithoutTrailingGlob()
    {
        var text = Text;
        if (text.EndsWith("/**", StringComparison.Ordinal)) text = text[..^3];
        if (text.EndsWith("/*", StringComparison.Ordinal)) text = text[..^2];
        return text;
    }

    public override string ToString() => IsException ? "!" + Text : Text;

    private bool MatchesSuffix(ReadOnlySpan<char> path)
    {
        var suffix = _suffix;
        if (path.EndsWith(suffix, StringComparison.Ordinal)) return true;
        // "**/foo" also matches "foo" itself.
        return suffix.Length > 0 && suffix[0] == '/' && path.SequenceEqual(suffix.AsSpan(1));
    }

    /// <summary>The pattern → regular expression translation of moby/patternmatcher, including its choice of the cheap
    /// exact/prefix/suffix forms, so that corner cases (such as <c>abc/**</c> not matching <c>abc</c>) agree.</summary>
    private static (MatchKind Kind, string Regex) Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        var kind = MatchKind.Exact;
        var i = 0;
        for (var step = 0; i < pattern.Length; step++)
        {
            var ch = pattern[i++];
            if (ch == '*')
            {
                kind = Star(pattern, ref i, step == 0, kind, regex);
            }
            else if (ch == '?')
            {
                regex.Append("[^/]");
                kind = MatchKind.Regex;
            }
            else if (ch is '.' or '+' or '(' or ')' or '|' or '{' or '}' or '$')
            {
                regex.Append('\\').Append(ch);
            }
            else if (ch == '\\')
            {
                if (i < pattern.Length)
                {
                    regex.Append('\\').Append(pattern[i++]);
                    kind = MatchKind.Regex;
                }
                else
                {
                    regex.Append(@"\\");
                }
            }
            else if (ch is '[' or ']')
            {
                regex.Append(ch);
                kind = MatchKind.Regex;
            }
            else
            {
                regex.Append(ch);
            }
        }
        // Go's "$" without the m flag is end of text; .NET's "$" would also accept a trailing newline.
        regex.Append(@"\z");
        return (kind, regex.ToString());
    }

    /// <summary><c>*</c> (any name part) or <c>**</c> (any number of directories; a leading one makes a suffix match,
    /// a trailing one a prefix match while the pattern is still exact).</summary>
    private static MatchKind Star(string pattern, ref int i, bool first, MatchKind kind, StringBuilder regex)
    {
        if (i >= pattern.Length || pattern[i] != '*')
        {
            regex.Append("[^/]*");
            return MatchKind.Regex;
        }
        i++;
        if (i < pattern.Length && pattern[i] == '/') i++;
        if (i < pattern.Length)
        {
            regex.Append("(.*/)?");
            kind = MatchKind.Regex;
        }
        else if (kind == MatchKind.Exact)
        {
            kind = MatchKind.Prefix;
        }
        else
        {
            regex.Append(".*");
            kind = MatchKind.Regex;
        }
        return first ? MatchKind.Suffix : kind;
    }

    /// <summary>The syntax check Go's filepath.Match performs (patternmatcher calls it to reject bad patterns).</summary>
    internal static bool IsWellFormedGlob(string p)
    {
        var i = 0;
        while (i < p.Length)
        {
            var c = p[i];
            if (c == '\\')
            {
                if (i + 1 >= p.Length) return false;
                i += 2;
            }
            else if (c == '[')
            {
                i++;
                if (i < p.Length && p[i] == '^') i++;
                var ranges = 0;
                while (true)
                {
                    if (i < p.Length && p[i] == ']' && ranges > 0)
                    {
                        i++;
                        break;
                    }
                    if (!TakeClassChar(p, ref i)) return false;
                    if (p[i] == '-')
                    {
                        i++;
                        if (!TakeClassChar(p, ref i)) return false;
                    }
                    ranges++;
                }
            }
            else
            {
                i++;
            }
        }
        return true;
    }

    /// <summary>Go's getEsc: one possibly escaped character inside a class, which must be followed by more pattern.</summary>
    private static bool TakeClassChar(string p, ref int i)
    {
        if (i >= p.Length || p[i] == '-' || p[i] == ']') return false;
        if (p[i] == '\\')
        {
            i++;
            if (i >= p.Length) return false;
        }
        i += char.IsHighSurrogate(p[i]) && i + 1 < p.Length ? 2 : 1;
        return i < p.Length;
    }
}
