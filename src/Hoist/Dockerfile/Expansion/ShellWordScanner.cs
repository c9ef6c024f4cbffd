using System.Text;

namespace Hoist.Dockerfile.Expansion;

/// <summary>
/// One pass of BuildKit's shell lexer over one word: a recursive descent that expands <c>$</c> forms, removes quotes
/// and escapes, and optionally splits the result into words. Each method consumes exactly what BuildKit's does, so
/// quirks such as a <c>}</c> inside quotes not closing <c>${</c> come out the same. Errors are thrown as
/// <see cref="ExpansionException"/> carrying only the cause; <see cref="ShellWordExpander"/> adds the word.
/// </summary>
internal sealed class ShellWordScanner(
    string text, char escapeChar, bool processQuotes, IReadOnlyDictionary<string, string> variables, int limit)
{
    /// <summary>Expansion may grow a word up to the limit; a longer word written out literally stays acceptable.</summary>
    private readonly int _maxLength = Math.Max(limit, text.Length);

    /// <summary>
    /// Go's stacks grow, ours do not: deeper <c>${A:-${B:-…}}</c> nesting than this is refused rather than risking a
    /// stack overflow, which .NET cannot catch.
    /// </summary>
    public const int MaxNesting = 200;

    private const int Eof = CodePoints.Eof;

    private int _position;
    private int _nesting;
    private bool _rawEscapes;

    public HashSet<string> Matched { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Unmatched { get; } = new(StringComparer.Ordinal);

    public string ScanAll(WordCollector? words) => ScanUntil(Eof, rawEscapes: false, words);

    private int Peek() => _position < text.Length ? CodePoints.Read(text, _position, out _) : Eof;

    private int Next()
    {
        if (_position >= text.Length) return Eof;
        var c = CodePoints.Read(text, _position, out var width);
        _position += width;
        return c;
    }

    /// <summary>
    /// Reads up to <paramref name="stop"/> (consumed) or the end. With raw escapes the escape character is kept in
    /// the result: patterns and replacements need it to tell <c>\*</c> from <c>*</c> later.
    /// </summary>
    private string ScanUntil(int stop, bool rawEscapes, WordCollector? words)
    {
        var result = new StringBuilder();
        var outerRawEscapes = _rawEscapes;
        _rawEscapes = rawEscapes;
        try
        {
            while (Peek() != Eof)
            {
                var c = Peek();
                if (stop != Eof && c == stop)
                {
                    Next();
                    return result.ToString();
                }
                switch (c)
                {
                    case '$':
                        var value = ScanDollar();
                        Append(result, value);
                        words?.AddString(value);
                        continue;
                    case '\'' when processQuotes:
                        var single = ScanSingleQuoted();
                        Append(result, single);
                        words?.AddRawString(single);
                        continue;
                    case '"' when processQuotes:
                        var dbl = ScanDoubleQuoted();
                        Append(result, dbl);
                        words?.AddRawString(dbl);
                        continue;
                    case '<':
                        var angle = ScanPossibleHeredoc();
                        result.Append(angle);
                        words?.AddRawString(angle);
                        continue;
                }

                c = Next();
                if (c == escapeChar)
                {
                    if (_rawEscapes)
                    {
                        words?.AddRawChar(c);
                        CodePoints.Append(result, c);
                    }
                    // The escape character escapes the next character, whatever it is; at the end it is dropped.
                    c = Next();
                    if (c == Eof) break;
                    words?.AddRawChar(c);
                }
                else
                {
                    words?.AddChar(c);
                }
                CodePoints.Append(result, c);
            }
            if (stop != Eof)
                throw new ExpansionException($"unexpected end of statement while looking for matching {CodePoints.ToString(stop)}");
            return result.ToString();
        }
        finally
        {
            _rawEscapes = outerRawEscapes;
        }
    }

    /// <summary>Appends an expanded part, failing as soon as the word passes the limit (before it can fill memory).</summary>
    private void Append(StringBuilder result, string part)
    {
        if (result.Length + part.Length > _maxLength) throw TooLong();
        result.Append(part);
    }

    private ExpansionException TooLong() =>
        new($"the expanded text is longer than {limit >> 20} MiB ({limit} characters), Hoist's limit for an expansion");

    /// <summary>Single quotes keep everything literally, escape characters included; they cannot be escaped.</summary>
    private string ScanSingleQuoted()
    {
        Next();
        var start = _position;
        var end = text.IndexOf('\'', start);
        if (end < 0)
        {
            // BuildKit has read to the end by then, which turns this into "missing '}'" inside ${…}.
            _position = text.Length;
            throw new ExpansionException("unexpected end of statement while looking for matching single-quote");
        }
        _position = end + 1;
        return text[start..end];
    }

    /// <summary>
    /// Double quotes expand <c>$</c> and let the escape character escape only <c>"</c>, <c>$</c> and itself;
    /// before anything else it stays literal (so <c>"a\tb"</c> keeps its backslash).
    /// </summary>
    private string ScanDoubleQuoted()
    {
        Next();
        var result = new StringBuilder();
        while (true)
        {
            switch (Peek())
            {
                case Eof:
                    throw new ExpansionException("unexpected end of statement while looking for matching double-quote");
                case '"':
                    Next();
                    return result.ToString();
                case '$':
                    Append(result, ScanDollar());
                    continue;
            }
            var c = Next();
            if (c == escapeChar)
            {
                if (_rawEscapes) CodePoints.Append(result, c);
                var following = Peek();
                if (following == Eof) continue;
                if (following == '"' || following == '$' || following == escapeChar) c = Next();
            }
            CodePoints.Append(result, c);
        }
    }

    /// <summary>
    /// BuildKit treats <c>&lt;&lt;</c> plus any following blanks as one unit so that a heredoc marker and its word
    /// stay one word when split; the text itself is unchanged.
    /// </summary>
    private string ScanPossibleHeredoc()
    {
        Next();
        if (Peek() != '<') return "<";
        Next();
        var start = _position - 2;
        while (Peek() is ' ' or '\t' or '\r') Next();
        return text[start.._position];
    }

    private string ScanDollar()
    {
        Next();
        if (Peek() != '{')
        {
            var name = ScanName();
            return name.Length == 0 ? "$" : Lookup(name).Value ?? "";
        }

        Next();
        switch (Peek())
        {
            case Eof:
                throw new ExpansionException("syntax error: missing '}'");
            case '{' or '}' or ':':
                throw new ExpansionException("syntax error: bad substitution");
        }
        if (++_nesting > MaxNesting)
            throw new ExpansionException($"syntax error: substitutions nested more than {MaxNesting} deep");
        try
        {
            return ScanBraced(ScanName());
        }
        finally
        {
            _nesting--;
        }
    }

    private string ScanBraced(string name)
    {
        var modifier = Next();
        // BuildKit reports a missing brace after a bare name as an unsupported modifier (the Unicode replacement
        // character); saying what is missing is clearer and still an error.
        if (modifier == Eof) throw new ExpansionException("syntax error: missing '}'");
        var shown = CodePoints.ToString(modifier);
        switch (modifier)
        {
            case '}':
                return Lookup(name).Value ?? "";
            case '/':
                return ScanReplacement(name);
            case ':':
                modifier = Next();
                shown += modifier == Eof ? "" : CodePoints.ToString(modifier);
                if (modifier is '#' or '%') throw UnsupportedModifier(shown);
                // Whatever follows the colon is read as a word before the modifier is checked, as BuildKit does.
                return ApplyModifier(name, modifier, shown, nullIsUnset: true);
            case '+' or '-' or '?' or '#' or '%':
                return ApplyModifier(name, modifier, shown, nullIsUnset: false);
            default:
                throw UnsupportedModifier(shown);
        }
    }

    private string ApplyModifier(string name, int modifier, string shown, bool nullIsUnset)
    {
        var isPattern = modifier is '#' or '%';
        // The word is expanded even when its value will not be used: BuildKit records its lookups and its errors.
        var word = ScanUntilClosing('}', isPattern, "syntax error: missing '}'");
        var (value, isSet) = Lookup(name);
        var unset = value is null || (nullIsUnset && value.Length == 0);
        switch (modifier)
        {
            case '-':
                return unset ? word : value!;
            case '+':
                return unset ? "" : word;
            case '?':
                if (!unset) return value!;
                var message = word.Length != 0 ? word
                    : isSet ? "is not allowed to be empty" : "is not allowed to be unset";
                throw new ExpansionException($"{name}: {message}");
            case '#' or '%':
                // A doubled operator (## or %%) asks for the longest match; BuildKit checks the expanded word.
                var longest = word.Length > 0 && word[0] == modifier;
                var pattern = ShellPattern.Parse(longest ? word[1..] : word);
                return modifier == '#' ? pattern.TrimPrefix(value ?? "", longest) : pattern.TrimSuffix(value ?? "", longest);
            default:
                throw UnsupportedModifier(shown);
        }
    }

    private string ScanReplacement(string name)
    {
        var all = Peek() == '/';
        if (all) Next();
        var pattern = ScanUntilClosing('/', rawEscapes: true, "syntax error: missing '/' in ${}");
        var replacement = ScanUntilClosing('}', rawEscapes: true, "syntax error: missing '}'");
        var value = Lookup(name).Value ?? "";
        var compiled = ShellPattern.Parse(pattern);
        var replaced = all ? compiled.ReplaceAll(value, replacement, _maxLength) : compiled.ReplaceFirst(value, replacement);
        return replaced.Length > _maxLength ? throw TooLong() : replaced;
    }

    /// <summary>A nested word; any failure that leaves the text exhausted is reported as the missing delimiter.</summary>
    private string ScanUntilClosing(int stop, bool rawEscapes, string missing)
    {
        try
        {
            // Only the outermost scan splits words. BuildKit shares one word buffer between nested scans, so a
            // nested ${V:-w} wipes the start of the current word ("a${V:-x}b" splits to "xb"); we keep it ("axb").
            return ScanUntil(stop, rawEscapes, words: null);
        }
        catch (ExpansionException) when (Peek() == Eof)
        {
            throw new ExpansionException(missing);
        }
    }

    /// <summary>
    /// A name: letters, digits and underscores (any script); or a run of digits (positional parameter); or one
    /// special parameter character (<c>@ * # ? - $ ! 0</c>). None of the latter are ever set in a Dockerfile.
    /// </summary>
    private string ScanName()
    {
        var start = _position;
        var first = Peek();
        if (CodePoints.IsDigit(first))
        {
            while (CodePoints.IsDigit(Peek())) Next();
            return text[start.._position];
        }
        if (first is '@' or '*' or '#' or '?' or '-' or '$' or '!')
        {
            Next();
            return text[start.._position];
        }
        while (Peek() is var c && c != Eof && (CodePoints.IsLetter(c) || CodePoints.IsDigit(c) || c == '_')) Next();
        return text[start.._position];
    }

    /// <summary>Variable names are case-sensitive, as on Linux.</summary>
    private (string? Value, bool IsSet) Lookup(string name)
    {
        if (variables.TryGetValue(name, out var value))
        {
            Matched.Add(name);
            return (value ?? "", true);
        }
        Unmatched.Add(name);
        return (null, false);
    }

    private static ExpansionException UnsupportedModifier(string shown) =>
        new($"unsupported modifier ({shown}) in substitution");
}
