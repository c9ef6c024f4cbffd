namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// The <c>--flags</c> one instruction accepts, parsed as BuildKit's instructions/bflag.go does: bool flags take
/// <c>--f</c>, <c>--f=true</c> or <c>--f=false</c>; string flags need <c>=value</c>; repeatable flags collect every value;
/// any other flag, or a non-repeatable flag given twice, is an error naming the flag and the instruction.
/// </summary>
internal sealed class InstructionFlags
{
    private enum Kind { Bool, String, Strings }

    private readonly string _instruction;
    private readonly Dictionary<string, Kind> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public InstructionFlags(string instruction) => _instruction = instruction;

    public InstructionFlags Bool(string name) { _declared.Add(name, Kind.Bool); return this; }

    public InstructionFlags String(string name) { _declared.Add(name, Kind.String); return this; }

    public InstructionFlags Strings(string name) { _declared.Add(name, Kind.Strings); return this; }

    /// <summary>Parses the raw flags of a node against the declared set.</summary>
    public InstructionFlags Parse(IReadOnlyList<string> rawFlags, char escapeChar)
    {
        foreach (var raw in rawFlags)
        {
            var flag = Unquote(raw, escapeChar);
            if (flag == "--")
                break; // POSIX end-of-options marker, as BuildKit honours it.
            if (!flag.StartsWith("--", StringComparison.Ordinal))
                throw new InstructionError($"flag should start with --: {flag} for {_instruction}");

            var eq = flag.IndexOf('=');
            var flagName = eq < 0 ? flag : flag[..eq];
            var value = eq < 0 ? null : flag[(eq + 1)..];
            var name = flagName[2..];

            if (!_declared.TryGetValue(name, out var kind))
                throw new InstructionError($"unknown flag: {flagName} for {_instruction}{Suggestion.For(name, _declared.Keys)}");
            if (_values.ContainsKey(name) && kind != Kind.Strings)
                throw new InstructionError($"duplicate flag specified: {flagName} for {_instruction}");

            string stored;
            switch (kind)
            {
                case Kind.Bool:
                    if (value == "")
                        throw new InstructionError($"missing a value on flag: {flagName} for {_instruction}");
                    stored = (value ?? "true").ToLowerInvariant() switch
                    {
                        "true" => "true",
                        "false" => "false",
                        _ => throw new InstructionError(
                            $"expecting a boolean value for flag {flagName} for {_instruction}, not: {value}"),
                    };
                    break;
                default:
                    stored = value ?? throw new InstructionError($"missing a value on flag: {flagName} for {_instruction}");
                    break;
            }

            if (!_values.TryGetValue(name, out var list))
                _values[name] = list = [];
            list.Add(stored);
        }
        return this;
    }

    public bool IsUsed(string name) => _values.ContainsKey(name);

    /// <summary>The value of a string flag, or null when it was not given.</summary>
    public string? GetString(string name) => _values.TryGetValue(name, out var v) ? v[0] : null;

    public bool GetBool(string name) => GetBoolOrNull(name) ?? false;

    public bool? GetBoolOrNull(string name) => _values.TryGetValue(name, out var v) ? v[0] == "true" : null;

    public IReadOnlyList<string> GetStrings(string name) => _values.TryGetValue(name, out var v) ? v : [];

    /// <summary>
    /// Removes quotes and escapes from a flag word the way BuildKit's flag extraction does
    /// (<c>--chown="a b"</c> → <c>--chown=a b</c>). A flag without quote or escape characters is unchanged, so this is
    /// harmless when the parser already did it.
    /// </summary>
    internal static string Unquote(string word, char escapeChar)
    {
        if (word.IndexOfAny(['"', '\'', escapeChar]) < 0)
            return word;
        var sb = new System.Text.StringBuilder(word.Length);
        var quote = '\0';
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (quote == '\0' && c is '"' or '\'')
            {
                quote = c;
                continue;
            }
            if (quote != '\0' && c == quote)
            {
                quote = '\0';
                continue;
            }
            if (c == escapeChar)
            {
                if (i + 1 == word.Length)
                    continue;
                c = word[++i];
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
