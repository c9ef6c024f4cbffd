namespace Hoist.Checks;

/// <summary>Collects findings, dropping those the settings (and the instruction's own <c># check=</c> comment) turn off.</summary>
internal sealed class FindingSink(CheckSettings settings)
{
    private readonly List<CheckFinding> _findings = [];

    public CheckSettings Settings => settings;

    public IReadOnlyList<CheckFinding> Findings => _findings;

    /// <summary>Reports a finding; <paramref name="comments"/> are the comments above the instruction the rule runs for.</summary>
    public void Report(CheckRule rule, Located at, string message, IReadOnlyList<string>? comments = null, string? fix = null)
    {
        var effective = comments is null ? settings : settings.ForComments(comments);
        if (!effective.IsEnabled(rule)) return;
        _findings.Add(new CheckFinding(rule, message, at.Line, at.EndLine) { Fix = fix });
    }
}
