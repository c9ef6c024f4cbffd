using Hoist.Checks;

namespace Hoist.Cli;

/// <summary><c>--fail-on</c>: rule names, <c>buildkit</c>, <c>hoist</c> or <c>all</c>; which findings make a check fail.</summary>
public sealed record FailOn(IReadOnlySet<string> Selectors)
{
    public static FailOn Parse(IEnumerable<string> values)
    {
        var selectors = new HashSet<string>(StringComparer.Ordinal);
        var known = BuildKitRules.All.Concat(HoistRules.All).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (value is not ("all" or "buildkit" or "hoist") && !known.Contains(value))
            {
                throw new HoistException($"--fail-on: unknown rule \"{value}\" (a rule name, buildkit, hoist or all)");
            }
            selectors.Add(value);
        }
        return new FailOn(selectors);
    }

    /// <summary>A one-line description of the findings that match, or null when none does.</summary>
    public string? Matches(IReadOnlyList<CheckFinding> findings)
    {
        var matched = findings.Where(Selects).Select(f => f.Rule.Name).Distinct().ToList();
        return matched.Count == 0 ? null : $"{matched.Count} rule(s) matched: {string.Join(", ", matched)}";
    }

    private bool Selects(CheckFinding finding) =>
        Selectors.Contains("all") || Selectors.Contains(finding.Rule.Name)
        || Selectors.Contains(finding.Rule.Origin == CheckOrigin.Hoist ? "hoist" : "buildkit");
}
