using System.Text.Json;

namespace Hoist.Tests.Checks;

/// <summary>
/// The differential test: for every recorded case (164 public Dockerfiles and a case per rule), Hoist's findings for
/// BuildKit's 22 rules equal BuildKit's, rule, line and message, and Hoist stops at an error exactly when BuildKit did.
/// Deliberate or known differences are listed with their reason in tests/checks/known-differences.json.
/// </summary>
public sealed class BuildKitCheckConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var recorded in RecordedCheckCase.All()) data.Add(recorded.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hoist_reports_what_BuildKit_reported(string name)
    {
        var recorded = new RecordedCheckCase(name, Path.Combine(RecordedCheckCase.Root, name));
        var expected = recorded.Expected();
        var actual = recorded.Actual();
        if (KnownDifferences().ContainsKey(name))
        {
            Assert.False(expected.Findings.SequenceEqual(actual.Findings) && (expected.Error is null) == (actual.Error is null),
                $"{name} is listed in known-differences.json but now matches BuildKit: remove it from the list");
            return;
        }
        Assert.Equal(expected.Findings, actual.Findings);
        Assert.True((expected.Error is null) == (actual.Error is null),
            $"BuildKit error: {expected.Error ?? "none"}; Hoist error: {actual.Error ?? "none"}");
    }

    [Fact]
    public void The_corpus_has_at_least_150_recorded_public_Dockerfiles()
    {
        Assert.True(RecordedCheckCase.All().Count(c => c.Name.StartsWith("corpus/", StringComparison.Ordinal)) >= 150);
    }

    private static Dictionary<string, string> KnownDifferences()
    {
        var path = Path.Combine(RecordedCheckCase.Root, "known-differences.json");
        return File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? []
            : [];
    }
}
