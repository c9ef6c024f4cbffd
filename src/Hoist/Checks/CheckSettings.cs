using Hoist.Posix;

namespace Hoist.Checks;

/// <summary>
/// Which checks run and what a finding does, from <c># check=skip=A,B|all;error=true;experimental=C|all</c> (the
/// directive, the <c>BUILDKIT_DOCKERFILE_CHECK</c> build arg, or a <c># check=</c> comment above one instruction), parsed
/// as BuildKit's linter.ParseLintOptions does.
/// </summary>
public sealed record CheckSettings
{
    public static CheckSettings Default { get; } = new();

    public bool SkipAll { get; init; }

    public IReadOnlySet<string> Skip { get; init; } = new HashSet<string>();

    public bool ExperimentalAll { get; init; }

    public IReadOnlySet<string> Experimental { get; init; } = new HashSet<string>();

    /// <summary><c>error=true</c>: any finding fails the build before a step runs.</summary>
    public bool Error { get; init; }

    /// <summary>Parses an option string; a bad one is a <see cref="HoistException"/> naming the option.</summary>
    public static CheckSettings Parse(string text)
    {
        var settings = new CheckSettings();
        text = text.Trim();
        if (text.Length == 0) return settings;
        // BuildKit splits into at most three parts, so a fourth ';' stays inside the third value.
        foreach (var part in text.Split(';', 3))
        {
            var equals = part.IndexOf('=');
            if (equals < 0) throw new HoistException($"invalid check option \"{part}\"");
            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            settings = key switch
            {
                "skip" when value == "all" => settings with { SkipAll = true },
                "skip" => settings with { Skip = Names(value) },
                "experimental" when value == "all" => settings with { ExperimentalAll = true },
                "experimental" => settings with { Experimental = Names(value) },
                "error" => settings with { Error = ParseBool(part, value) },
                _ => throw new HoistException($"invalid check option \"{key}\""),
            };
        }
        return settings;
    }

    /// <summary>Adds another's skips and experimental rules (never its error flag), as a per-instruction comment does.</summary>
    public CheckSettings Merge(CheckSettings other) => this with
    {
        SkipAll = SkipAll || other.SkipAll,
        Skip = new HashSet<string>(Skip.Concat(other.Skip), StringComparer.Ordinal),
        ExperimentalAll = ExperimentalAll || other.ExperimentalAll,
        Experimental = new HashSet<string>(Experimental.Concat(other.Experimental), StringComparer.Ordinal),
    };

    /// <summary>
    /// These settings for one instruction: the first <c># check=…</c> among the comments directly above it is merged in
    /// (text after its first space is a remark, <c># check=skip=all // why</c>); an unparsable one is ignored.
    /// </summary>
    public CheckSettings ForComments(IReadOnlyList<string> comments)
    {
        foreach (var comment in comments)
        {
            if (!TryCheckComment(comment, out var value)) continue;
            try
            {
                return Merge(Parse(value.Split(' ', 2)[0]));
            }
            catch (HoistException)
            {
                return this;
            }
        }
        return this;
    }

    public bool IsEnabled(CheckRule rule) => rule.Experimental
        ? ExperimentalAll || Experimental.Contains(rule.Name)
        : !SkipAll && !Skip.Contains(rule.Name);

    private static HashSet<string> Names(string value) =>
        new(value.Split(',').Select(n => n.Trim()), StringComparer.Ordinal);

    private static bool ParseBool(string part, string value) =>
        GoBool.TryParse(value, out var parsed) ? parsed : throw new HoistException($"failed to parse check option \"{part}\": invalid syntax");

    /// <summary>A comment of the directive's shape <c>name = value</c> whose name is <c>check</c>.</summary>
    private static bool TryCheckComment(string comment, out string value)
    {
        value = "";
        var equals = comment.IndexOf('=');
        if (equals <= 0) return false;
        var name = comment[..equals].TrimEnd();
        if (!name.Equals("check", StringComparison.OrdinalIgnoreCase)) return false;
        value = comment[(equals + 1)..].Trim();
        return value.Length > 0;
    }
}
