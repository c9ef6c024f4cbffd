namespace Hoist.Checks;

/// <summary>
/// The result of checking a Dockerfile: the findings in the order BuildKit reports them, the settings in force, and
/// the Dockerfile error that stopped checking early (as <c>--call=check</c> reports it), if any.
/// </summary>
public sealed record CheckReport
{
    public required IReadOnlyList<CheckFinding> Findings { get; init; }

    public required CheckSettings Settings { get; init; }

    /// <summary>The error that ended the check (the build would fail with it too); null when the file was checked fully.</summary>
    public string? Error { get; init; }

    /// <summary>The error's cause without the <c>FILE:LINE:</c> prefix, as BuildKit's <c>buildError.message</c> has it.</summary>
    public string? ErrorCause { get; init; }

    /// <summary>The error is the <c># check=</c> directive's (or <c>BUILDKIT_DOCKERFILE_CHECK</c>'s) options: BuildKit fails
    /// the build with it, not only the check, although the Dockerfile itself plans.</summary>
    public bool SettingsError { get; init; }

    /// <summary>The line the error is at (BuildKit's <c>buildError.location</c>); 0 when it has none.</summary>
    public int ErrorLine { get; init; }

    /// <summary>With <c>error=true</c> and a finding of one of BuildKit's rules: the build fails with this message before
    /// any step runs. Hoist's own rules never make <c>error=true</c> fatal (a Dockerfile BuildKit builds builds here too);
    /// <c>hoist check --fail-on</c> makes them so.</summary>
    public string? Violation => Settings.Error && Findings.Any(IsBuildKits)
        ? "lint violation found for rules: " + string.Join(", ", Findings.Where(IsBuildKits).Select(f => f.Rule.Name).Distinct().Order(StringComparer.Ordinal))
        : null;

    private static bool IsBuildKits(CheckFinding finding) => finding.Rule.Origin == CheckOrigin.BuildKit;
}
