using System.Text.Json.Nodes;
using Hoist.Checks;
using Hoist.Cli;
using Json.Schema;

namespace Hoist.Tests.Checks;

/// <summary>
/// <c>hoist check --format sarif</c> is a valid SARIF 2.1.0 log: validated against the OASIS schema
/// (Schemas/sarif-schema-2.1.0.json, from oasis-tcs/sarif-spec sarif-2.1/schema, commit a560296c), and carries what
/// code scanning needs: rule ids, levels, the file and line of every finding.
/// </summary>
public sealed class SarifOutputTests
{
    private const string Dockerfile = "# check=experimental=all\nFROM golang:latest AS build\nRUN go build -o /app .\nFROM alpine\nCMD run\nENV KEY value\n";

    [Fact]
    public void The_log_of_a_Dockerfile_with_findings_is_valid_SARIF_2_1_0()
    {
        var log = Render(Dockerfile, out var report);
        Assert.NotEmpty(report.Findings);
        AssertValid(log);
    }

    [Fact]
    public void A_check_stopped_by_an_error_is_a_valid_log_with_a_failed_invocation()
    {
        var log = Render("FROM alpine\nFROM $MISSING\n", out var report);
        Assert.NotNull(report.Error);
        AssertValid(log);
        var invocation = JsonNode.Parse(log)!["runs"]![0]!["invocations"]![0]!;
        Assert.False(invocation["executionSuccessful"]!.GetValue<bool>());
    }

    [Fact]
    public void Each_finding_is_a_result_on_its_rule_file_and_line()
    {
        var log = JsonNode.Parse(Render(Dockerfile, out var report))!;
        var results = log["runs"]![0]!["results"]!.AsArray();
        var rules = log["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Equal(report.Findings.Count, results.Count);
        var json = results.Single(r => r!["ruleId"]!.GetValue<string>() == "JSONArgsRecommended")!;
        Assert.Equal("warning", json["level"]!.GetValue<string>());
        var location = json["locations"]![0]!["physicalLocation"]!;
        Assert.Equal("app/Dockerfile", location["artifactLocation"]!["uri"]!.GetValue<string>());
        Assert.Equal(5, location["region"]!["startLine"]!.GetValue<int>());
        Assert.Equal("JSONArgsRecommended", rules[json["ruleIndex"]!.GetValue<int>()]!["id"]!.GetValue<string>());
        Assert.Contains(results, r => r!["ruleId"]!.GetValue<string>() == "HoistUnpinnedBaseImage" && r["message"]!["text"]!.GetValue<string>().Contains("Fix: "));
    }

    [Fact]
    public void With_error_true_results_are_errors()
    {
        var log = JsonNode.Parse(Render("# check=error=true\nFROM alpine:3.20\nCMD run\n", out _))!;
        Assert.Equal("error", log["runs"]![0]!["results"]![0]!["level"]!.GetValue<string>());
    }

    [Fact]
    public void The_schema_check_rejects_a_log_that_breaks_the_schema()
    {
        var log = JsonNode.Parse(Render(Dockerfile, out _))!;
        log["runs"]![0]!["results"]![0]!["level"] = "loud";
        Assert.False(Evaluate(log.ToJsonString()).IsValid);
    }

    private static string Render(string dockerfile, out CheckReport report)
    {
        report = DockerfileChecker.Check(dockerfile, "Dockerfile", new CheckOptions());
        var writer = new StringWriter();
        SarifRenderer.Write(writer, report, "app/Dockerfile");
        return writer.ToString();
    }

    private static void AssertValid(string log)
    {
        var result = Evaluate(log);
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    /// <summary>The schema is draft-04; its keywords mean the same under draft 7, which the validator implements.</summary>
    private static EvaluationResults Evaluate(string log)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Checks", "Schemas", "sarif-schema-2.1.0.json"))
            .Replace("\"http://json-schema.org/draft-04/schema#\"", "\"http://json-schema.org/draft-07/schema#\"", StringComparison.Ordinal);
        var schema = JsonSchema.FromText(text);
        return schema.Evaluate(JsonNode.Parse(log), new EvaluationOptions { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft7 });
    }
}
