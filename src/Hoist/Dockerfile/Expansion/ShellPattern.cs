using System.Text;

namespace Hoist.Dockerfile.Expansion;

/// <summary>
/// The pattern of <c>${V#p} ${V%p} ${V/p/r}</c> with BuildKit's meaning: <c>*</c> any run of characters,
/// <c>?</c> one character, <c>\*</c> <c>\?</c> <c>\\</c> those characters literally, <c>\}</c> <c>\/</c> the brace
/// or slash, and everything else (including <c>[</c>) literally. BuildKit compiles this to a Go regular expression,
/// so wildcards never match a newline, and a match is the leftmost one, then the longest (greedy) or shortest (lazy).
/// Matching here is a direct NFA simulation: time is proportional to text length × pattern length, with no backtracking.
/// </summary>
internal sealed class ShellPattern
{
    private const int AnyChar = -2;
    private const int AnyRun = -3;

    /// <summary>Literal code points, <see cref="AnyChar"/> or <see cref="AnyRun"/>.</summary>
    private readonly int[] _tokens;

    private ShellPattern(int[] tokens) => _tokens = tokens;

    /// <exception cref="ExpansionException">The pattern has an escape BuildKit rejects, such as <c>\x</c> or a trailing backslash.</exception>
    public static ShellPattern Parse(string pattern)
    {
        var tokens = new List<int>(pattern.Length);
        for (var i = 0; i < pattern.Length;)
        {
            var c = CodePoints.Read(pattern, i, out var width);
            i += width;
            switch (c)
            {
                case '*': tokens.Add(AnyRun); break;
                case '?': tokens.Add(AnyChar); break;
                case '\\':
                    var next = i < pattern.Length ? CodePoints.Read(pattern, i, out width) : CodePoints.Eof;
                    // \} and \/ only stop the brace or slash from ending the ${} part; the character itself is literal.
                    if (next is '}' or '/' or '*' or '?' or '\\')
                    {
                        tokens.Add(next);
                        i += width;
                        break;
                    }
                    var shown = next == CodePoints.Eof ? "" : CodePoints.ToString(next);
                    throw new ExpansionException($"invalid pattern ({pattern}) in substitution: invalid escape '\\{shown}'");
                default: tokens.Add(c); break;
            }
        }
        return new ShellPattern([.. tokens]);
    }

    /// <summary><c>${V#p}</c> (shortest) and <c>${V##p}</c> (longest): the value without the matching prefix.</summary>
    public string TrimPrefix(string value, bool longest)
    {
        var text = CodePoints.Decode(value);
        var end = MatchAtStart(_tokens, text, longest);
        return end <= 0 ? value : CodePoints.ToString(text.AsSpan(end));
    }

    /// <summary><c>${V%p}</c> (shortest) and <c>${V%%p}</c> (longest): the value without the matching suffix.</summary>
    public string TrimSuffix(string value, bool longest)
    {
        // Matching the reversed pattern at the start of the reversed text finds the shortest or longest suffix.
        var text = CodePoints.Decode(value);
        Array.Reverse(text);
        var tokens = (int[])_tokens.Clone();
        Array.Reverse(tokens);
        var end = MatchAtStart(tokens, text, longest);
        if (end <= 0) return value;
        var kept = text.AsSpan(end).ToArray();
        Array.Reverse(kept);
        return CodePoints.ToString(kept);
    }

    /// <summary><c>${V/p/r}</c>: the leftmost-longest match replaced by the replacement, taken literally.</summary>
    public string ReplaceFirst(string value, string replacement)
    {
        var text = CodePoints.Decode(value);
        var (start, end) = FindLongest(text, 0, new int[_tokens.Length + 1], new int[_tokens.Length + 1]);
        if (start < 0) return value;
        var result = new StringBuilder(value.Length + replacement.Length);
        CodePoints.Append(result, text.AsSpan(0, start));
        result.Append(replacement);
        CodePoints.Append(result, text.AsSpan(end));
        return result.ToString();
    }

    /// <summary>
    /// <c>${V//p/r}</c>: every match replaced, scanning as Go's Regexp.ReplaceAllString does (an empty match is
    /// not replaced right after a previous match, and the scan always advances). Go also expands <c>$0</c>,
    /// <c>${0}</c> and <c>$$</c> in the replacement there, and BuildKit inherits that.
    /// </summary>
    /// <remarks>Stops early, returning a result longer than <paramref name="maxLength"/>, once it passes that length.</remarks>
    public string ReplaceAll(string value, string replacement, int maxLength = int.MaxValue)
    {
        var text = CodePoints.Decode(value);
        var result = new StringBuilder(value.Length);
        var lastMatchEnd = 0;
        var searchFrom = 0;
        int[] current = new int[_tokens.Length + 1], next = new int[_tokens.Length + 1];
        while (searchFrom <= text.Length)
        {
            var (start, end) = FindLongest(text, searchFrom, current, next);
            if (start < 0) break;
            CodePoints.Append(result, text.AsSpan(lastMatchEnd, start - lastMatchEnd));
            if (end > lastMatchEnd || start == 0) AppendTemplate(result, replacement, text.AsSpan(start, end - start));
            // Checked per match: each one may add a whole replacement, so the result can outgrow memory long before the end.
            if (result.Length > maxLength) return result.ToString();
            lastMatchEnd = end;
            searchFrom = Math.Max(end, searchFrom + 1);
        }
        CodePoints.Append(result, text.AsSpan(lastMatchEnd));
        return result.ToString();
    }

    /// <summary>
    /// The end of the shortest or longest match that starts at index 0, or -1. With only lazy or only greedy
    /// wildcards, Go's leftmost-first choice is exactly the shortest or the longest match, so a set-of-states
    /// simulation finds it.
    /// </summary>
    private static int MatchAtStart(int[] tokens, int[] text, bool longest)
    {
        var states = tokens.Length + 1;
        var current = new bool[states];
        var next = new bool[states];
        current[0] = true;
        CloseOverRuns(tokens, current);
        var best = current[tokens.Length] ? 0 : -1;
        if (best == 0 && !longest) return 0;
        for (var position = 0; position < text.Length; position++)
        {
            var c = text[position];
            Array.Clear(next);
            var alive = false;
            for (var state = 0; state < tokens.Length; state++)
            {
                if (!current[state] || !Step(tokens[state], c, out var stays)) continue;
                next[stays ? state : state + 1] = true;
                alive = true;
            }
            if (!alive) break;
            CloseOverRuns(tokens, next);
            if (next[tokens.Length])
            {
                best = position + 1;
                if (!longest) return best;
            }
            (current, next) = (next, current);
        }
        return best;
    }

    /// <summary>
    /// The leftmost match starting at or after <paramref name="from"/>, extended as far as it goes (BuildKit's
    /// replacement pattern is always greedy), or (-1, -1). Each state remembers the earliest start that reaches it:
    /// any continuation from a state serves every start that reached it, so the earliest is the one that matters.
    /// </summary>
    private (int Start, int End) FindLongest(int[] text, int from, int[] current, int[] next)
    {
        var tokens = _tokens;
        Array.Fill(current, -1);
        int bestStart = -1, bestEnd = -1;
        for (var position = from; ; position++)
        {
            if (bestStart < 0 && current[0] < 0) current[0] = position;
            CloseOverRuns(tokens, current);
            var accepted = current[tokens.Length];
            if (accepted >= 0 && (bestStart < 0 || accepted <= bestStart))
            {
                bestStart = accepted;
                bestEnd = position;
            }
            if (position == text.Length) break;

            var c = text[position];
            Array.Fill(next, -1);
            var alive = false;
            for (var state = 0; state < tokens.Length; state++)
            {
                var start = current[state];
                // A thread that began after the best start found so far can never win.
                if (start < 0 || (bestStart >= 0 && start > bestStart) || !Step(tokens[state], c, out var stays)) continue;
                var target = stays ? state : state + 1;
                if (next[target] < 0 || start < next[target]) next[target] = start;
                alive = true;
            }
            if (!alive && bestStart >= 0) break;
            (current, next) = (next, current);
        }
        return (bestStart, bestEnd);
    }

    /// <summary>Whether the token consumes <paramref name="c"/>; a <c>*</c> stays in its state after consuming.</summary>
    private static bool Step(int token, int c, out bool stays)
    {
        stays = token == AnyRun;
        return token switch
        {
            AnyRun or AnyChar => c != '\n',
            _ => token == c,
        };
    }

    /// <summary>A <c>*</c> may also match nothing: a state before one also counts as the state after it.</summary>
    private static void CloseOverRuns(int[] tokens, bool[] states)
    {
        for (var state = 0; state < tokens.Length; state++)
            if (states[state] && tokens[state] == AnyRun) states[state + 1] = true;
    }

    private static void CloseOverRuns(int[] tokens, int[] starts)
    {
        for (var state = 0; state < tokens.Length; state++)
        {
            var start = starts[state];
            if (start >= 0 && tokens[state] == AnyRun && (starts[state + 1] < 0 || start < starts[state + 1]))
                starts[state + 1] = start;
        }
    }

    /// <summary>
    /// Go's Regexp.Expand over a pattern with no groups: <c>$$</c> is a dollar, <c>$0</c> / <c>${0}</c> the match,
    /// any other well-formed <c>$name</c> / <c>${name}</c> nothing, and a malformed one a literal dollar.
    /// </summary>
    private static void AppendTemplate(StringBuilder result, string template, ReadOnlySpan<int> match)
    {
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0) break;
            result.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }
            var braced = i < template.Length && template[i] == '{';
            var nameStart = braced ? i + 1 : i;
            var nameEnd = nameStart;
            while (nameEnd < template.Length)
            {
                var c = CodePoints.Read(template, nameEnd, out var width);
                if (!CodePoints.IsLetter(c) && !CodePoints.IsDigit(c) && c != '_') break;
                nameEnd += width;
            }
            if (nameEnd == nameStart || (braced && (nameEnd >= template.Length || template[nameEnd] != '}')))
            {
                result.Append('$');
                continue;
            }
            // Only group 0 (the whole match) exists; Go reads a name as a number only when it is plain ASCII
            // digits without a leading zero, so "0" is the one name that refers to anything.
            if (nameEnd - nameStart == 1 && template[nameStart] == '0') CodePoints.Append(result, match);
            i = braced ? nameEnd + 1 : nameEnd;
        }
        result.Append(template, i, template.Length - i);
    }
}
