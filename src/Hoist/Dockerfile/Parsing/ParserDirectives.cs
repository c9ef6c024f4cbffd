namespace Hoist.Dockerfile.Parsing;

/// <summary>
/// Recognises parser directives (<c># syntax=</c>, <c># escape=</c>, <c># check=</c>). They count only in the
/// unbroken run of directive lines at the top of the file: the first line that is anything else (an instruction,
/// another comment, an unknown directive, an empty line) ends the run and later look-alikes are plain comments.
/// </summary>
internal sealed class ParserDirectives
{
    private readonly List<Directive> _found = [];
    private bool _done;

    public IReadOnlyList<Directive> Found => _found;

    public char EscapeChar { get; private set; } = '\\';

    /// <summary>Looks at one line (newline removed, leading blanks removed); throws for a repeated or invalid directive.</summary>
    public void Inspect(string line, int lineNumber, string fileName)
    {
        if (_done)
        {
            return;
        }

        if (!TryMatch(line, out var name, out var value) || name is not ("syntax" or "escape" or "check"))
        {
            _done = true;
            return;
        }

        if (_found.Exists(d => d.Name == name))
        {
            throw new DockerfileException(fileName, lineNumber, $"only one {name} parser directive can be used");
        }

        if (name == "escape")
        {
            if (value is not ("\\" or "`"))
            {
                throw new DockerfileException(fileName, lineNumber, $"invalid escape character '{value}': it must be \\ or `");
            }

            EscapeChar = value[0];
        }

        _found.Add(new Directive(name, value, lineNumber));
    }

    /// <summary>
    /// Matches <c>#</c>, blanks, a name (ASCII letter then letters/digits), <c>=</c> with optional blanks around it
    /// and a non-empty value whose trailing blanks are dropped. Hand-written so no regex can backtrack on long lines.
    /// </summary>
    private static bool TryMatch(string line, out string name, out string value)
    {
        name = value = "";
        if (line.Length == 0 || line[0] != '#')
        {
            return false;
        }

        var pos = 1;
        while (pos < line.Length && char.IsWhiteSpace(line[pos]))
        {
            pos++;
        }

        var nameStart = pos;
        if (pos == line.Length || !char.IsAsciiLetter(line[pos]))
        {
            return false;
        }

        while (pos < line.Length && char.IsAsciiLetterOrDigit(line[pos]))
        {
            pos++;
        }

        name = line[nameStart..pos].ToLowerInvariant();
        while (pos < line.Length && IsRegexSpace(line[pos]))
        {
            pos++;
        }

        if (pos == line.Length || line[pos] != '=')
        {
            return false;
        }

        var afterEquals = ++pos;
        while (pos < line.Length && IsRegexSpace(line[pos]))
        {
            pos++;
        }

        var end = line.Length;
        while (end > pos && IsRegexSpace(line[end - 1]))
        {
            end--;
        }

        if (end > pos)
        {
            value = line[pos..end];
            return true;
        }

        // Only blanks after '=': the value pattern still needs one character, so it takes the last blank.
        if (line.Length > afterEquals)
        {
            value = line[^1..];
            return true;
        }

        return false;
    }

    // The blanks Go's regexp means by \s.
    private static bool IsRegexSpace(char ch) => ch is ' ' or '\t' or '\n' or '\f' or '\r';
}
