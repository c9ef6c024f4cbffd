using System.Text.Json;
using Hoist.Building.Context;
using Hoist.Checks;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Tests.Checks;

/// <summary>
/// One case under tests/checks (corpus/NAME or cases/NAME): its Dockerfile, build.args, .dockerignore, and the findings
/// BuildKit recorded for it (expected.json, written by tests/checks/record.sh). Checked the way the recording ran:
/// on linux/amd64, every base image a linux/amd64 stand-in with an empty config.
/// </summary>
internal sealed record RecordedCheckCase(string Name, string Directory)
{
    public static string Root => Path.Combine(Examples.ExampleDockerfileTests.RepositoryRoot(), "tests", "checks");

    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    public static IEnumerable<RecordedCheckCase> All() =>
        new[] { "corpus", "cases" }
            .SelectMany(group => System.IO.Directory.GetDirectories(Path.Combine(Root, group)).Order(StringComparer.Ordinal))
            .Where(dir => File.Exists(Path.Combine(dir, "expected.json")))
            .Select(dir => new RecordedCheckCase(Path.GetRelativePath(Root, dir), dir));

    /// <summary>BuildKit's findings as "LINE RULE: MESSAGE", sorted; and whether it stopped at an error.</summary>
    public (IReadOnlyList<string> Findings, string? Error) Expected()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "expected.json")));
        var findings = document.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => Format(f.GetProperty("line").GetInt32(), f.GetProperty("rule").GetString()!, f.GetProperty("message").GetString()!));
        var error = document.RootElement.GetProperty("error");
        return (Sorted(findings), error.ValueKind == JsonValueKind.String ? error.GetString() : null);
    }

    /// <summary>Hoist's findings for BuildKit's rules, in the same form.</summary>
    public (IReadOnlyList<string> Findings, string? Error) Actual()
    {
        var (target, buildArgs) = ReadBuildArgs();
        var ignore = DockerIgnore.Load(Directory);
        var options = new PlanOptions { Target = target, BuildArgs = buildArgs, BuildPlatform = Amd64, EnvironmentLookup = _ => null };
        var inputs = new CheckOptions
        {
            IsIgnored = ignore.IsEmpty ? null : path => ignore.Matches(path.TrimStart('/')),
            BaseImage = _ => new BaseImageFacts { Platform = Amd64 },
        };
        var report = DockerfileFrontend.Check(File.ReadAllText(Path.Combine(Directory, "Dockerfile")), "Dockerfile", options, inputs);
        var findings = report.Findings.Where(f => f.Rule.Origin == CheckOrigin.BuildKit).Select(f => Format(f.Line, f.Rule.Name, f.Message));
        return (Sorted(findings), report.Error ?? report.Violation);
    }

    private (string? Target, List<string> BuildArgs) ReadBuildArgs()
    {
        var path = Path.Combine(Directory, "build.args");
        var words = File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList() : [];
        string? target = null;
        var buildArgs = new List<string>();
        for (var i = 0; i + 1 < words.Count; i += 2)
        {
            if (words[i] == "--target") target = words[i + 1];
            else if (words[i] == "--build-arg") buildArgs.Add(words[i + 1]);
        }
        return (target, buildArgs);
    }

    private static string Format(int line, string rule, string message) => $"{line} {rule}: {message}";

    private static List<string> Sorted(IEnumerable<string> findings) => [.. findings.Order(StringComparer.Ordinal)];

    public override string ToString() => Name;
}
