using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hoist.Tests.Cli;

/// <summary>
/// The public Dockerfiles under tests/realworld/corpus that once made Hoist answer otherwise than BuildKit (SOURCES.tsv
/// says where each comes from and what it showed): <c>--call=outline</c> and <c>--call=targets</c> give BuildKit
/// v0.25.2's JSON (sources aside) or fail where it failed, and <c>--call=check</c> reports BuildKit's findings.
/// expected.json holds what tests/realworld/record.sh recorded (stand-in bases with empty configs, as Hoist assumes
/// for a base it has not pulled).
/// </summary>
public sealed class RealWorldCorpusTests : IDisposable
{
    private static readonly string Corpus = Path.Combine(Examples.ExampleDockerfileTests.RepositoryRoot(), "tests", "realworld", "corpus");
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-realworld-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> Cases() =>
        new(Directory.GetDirectories(Corpus).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outline_targets_and_check_answer_as_BuildKit(string name)
    {
        var context = Path.Combine(_root, "context");
        Directory.CreateDirectory(context);
        File.Copy(Path.Combine(Corpus, name, "Dockerfile"), Path.Combine(context, "Dockerfile"));
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Corpus, name, "expected.json")))!;

        foreach (var call in new[] { "outline", "targets" })
        {
            var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", $"--call={call},format=json", context);
            if (expected[call] is null)
            {
                Assert.True(run.ExitCode != 0, $"{call}: BuildKit failed ({expected[call + "Error"]}), Hoist did not");
                continue;
            }
            Assert.True(run.ExitCode == 0, $"{call}: {run.Error}");
            var actual = JsonNode.Parse(run.Output)!.AsObject();
            actual.Remove("sources");
            Assert.True(JsonNode.DeepEquals(expected[call], actual), $"{call}: BuildKit {expected[call]!.ToJsonString()}\nHoist {actual.ToJsonString()}");
        }
        Assert.Equal(Findings(expected["check"]!.AsArray()), CheckFindings(context));
    }

    private List<string> CheckFindings(string context)
    {
        var run = CliRun.WithRoot(Path.Combine(_root, "state"), "build", "--call=check,format=json", context);
        using var document = JsonDocument.Parse(run.Output);
        if (!document.RootElement.TryGetProperty("warnings", out var warnings) || warnings.ValueKind != JsonValueKind.Array) return [];
        return Findings(warnings.EnumerateArray()
            .Where(w => !w.TryGetProperty("origin", out var origin) || origin.GetString() != "hoist")
            .Select(w => JsonNode.Parse(w.GetRawText())!)
            .Select(w => (JsonNode)new JsonObject
            {
                ["rule"] = w["ruleName"]!.GetValue<string>(),
                ["line"] = w["location"]!["ranges"]![0]!["start"]!["line"]!.GetValue<int>(),
                ["message"] = w["detail"]!.GetValue<string>(),
            }));
    }

    private static List<string> Findings(IEnumerable<JsonNode?> findings) =>
        [.. findings.Select(f => $"{f!["line"]} {f["rule"]}: {f["message"]}").Order(StringComparer.Ordinal)];
}
