using System.Text;
using System.Text.Json;
using Hoist.Checks;

namespace Hoist.Cli;

/// <summary>
/// Findings as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), so CI code scanning shows them on
/// the Dockerfile's lines: one run, every rule that could fire as a reporting descriptor, one result per finding
/// (level error when <c>error=true</c> makes it fail the build), and a failed invocation when the check stopped at an
/// error.
/// </summary>
public static class SarifRenderer
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(TextWriter writer, CheckReport report, string artifactUri)
    {
        var rules = BuildKitRules.All.Concat(HoistRules.All).ToList();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json, rules);
            WriteInvocation(json, report);
            json.WriteStartArray("results");
            foreach (var finding in report.Findings) WriteResult(json, finding, rules.IndexOf(finding.Rule), report.Settings.Error, artifactUri);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteTool(Utf8JsonWriter json, List<CheckRule> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "hoist");
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Name);
            json.WriteString("name", rule.Name);
            WriteMessage(json, "shortDescription", rule.Description);
            if (rule.Url.StartsWith("https://", StringComparison.Ordinal)) json.WriteString("helpUri", rule.Url);
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", "warning");
            json.WriteBoolean("enabled", !rule.Experimental);
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteStartArray("tags");
            json.WriteStringValue(rule.Origin == CheckOrigin.Hoist ? "hoist" : "buildkit");
            if (rule.Experimental) json.WriteStringValue("experimental");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, CheckReport report)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", report.Error is null);
        if (report.Error is { } error)
        {
            json.WriteStartArray("toolExecutionNotifications");
            json.WriteStartObject();
            json.WriteString("level", "error");
            WriteMessage(json, "message", error);
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, CheckFinding finding, int ruleIndex, bool asError, string artifactUri)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Rule.Name);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", asError ? "error" : "warning");
        WriteMessage(json, "message", finding.Fix is { } fix ? $"{finding.Message}. Fix: {fix}" : finding.Message);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", artifactUri);
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", Math.Max(1, finding.Line));
        json.WriteNumber("endLine", Math.Max(Math.Max(1, finding.Line), finding.EndLine));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }
}
