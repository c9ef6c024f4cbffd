using Hoist.Checks;

namespace Hoist.Tests.Checks;

/// <summary>Runs the checks on a Dockerfile text and returns the findings as "LINE Rule" (or with the message).</summary>
internal static class CheckHarness
{
    public static CheckReport Report(string dockerfile, CheckOptions? options = null) =>
        DockerfileChecker.Check(dockerfile, "Dockerfile", options ?? new CheckOptions());

    public static IReadOnlyList<string> Rules(string dockerfile, CheckOptions? options = null, string? origin = null) =>
        [.. Report(dockerfile, options).Findings
            .Where(f => origin is null || f.Rule.Origin.ToString() == origin)
            .Select(f => $"{f.Line} {f.Rule.Name}")];

    public static IReadOnlyList<string> Hoist(string dockerfile, CheckOptions? options = null) => Rules(dockerfile, options, "Hoist");

    public static string Message(string dockerfile, string rule, CheckOptions? options = null) =>
        Report(dockerfile, options).Findings.Single(f => f.Rule.Name == rule).Message;
}
