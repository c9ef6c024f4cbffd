using Hoist.Checks;

namespace Hoist.Cli;

/// <summary>
/// Findings as text. <see cref="WriteReport"/> is <c>docker build --call=check</c>'s layout (a WARNING block per
/// finding with its documentation link, message and source excerpt; Hoist's rules add a Fix line);
/// <see cref="WriteBuildSummary"/> is the list buildx prints after a build.
/// </summary>
public static class CheckTextRenderer
{
    public static void WriteReport(TextWriter writer, CheckReport report, string fileName, string text)
    {
        var findings = report.Findings.OrderBy(f => f.Line).ToList();
        writer.WriteLine(findings.Count switch
        {
            0 => "Check complete, no warnings found.",
            1 => "Check complete, 1 warning has been found!",
            var n => $"Check complete, {n} warnings have been found!",
        });
        foreach (var finding in findings)
        {
            writer.WriteLine();
            writer.WriteLine(finding.Rule.Url.StartsWith("https://", StringComparison.Ordinal)
                ? $"WARNING: {finding.Rule.Name} - {finding.Rule.Url}"
                : $"WARNING: {finding.Rule.Name}");
            writer.WriteLine(finding.Message);
            if (finding.Fix is { } fix) writer.WriteLine($"Fix: {fix}");
            SourceSnippet.Write(writer, fileName, text, finding.Line, finding.EndLine);
        }
        if (report.Error is { } error)
        {
            // As buildx prints a lint result's error: the cause, then the lines around where it is.
            writer.WriteLine();
            writer.WriteLine($"ERROR: {(report.ErrorLine > 0 ? report.ErrorCause : error)}");
            if (report.ErrorLine > 0) SourceSnippet.Write(writer, fileName, text, report.ErrorLine, report.ErrorLine);
        }
    }

    /// <summary>The end-of-build list; nothing when there are no findings.</summary>
    public static void WriteBuildSummary(TextWriter writer, IReadOnlyList<CheckFinding> findings, bool color)
    {
        if (findings.Count == 0) return;
        var header = findings.Count == 1 ? "1 warning found" : $"{findings.Count} warnings found";
        writer.WriteLine();
        writer.Write(' ');
        writer.WriteLine(color ? $"\u001b[33m{header} (use hoist check to expand):\u001b[0m" : $"{header} (use hoist check to expand):");
        foreach (var finding in findings)
        {
            writer.WriteLine($" - {finding.Rule.Name}: {finding.Message} (line {finding.Line})");
        }
    }
}
