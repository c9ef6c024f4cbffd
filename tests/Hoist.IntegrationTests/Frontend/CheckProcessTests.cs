using System.Text.Json;
using Hoist.IntegrationTests.Building;

namespace Hoist.IntegrationTests.Frontend;

/// <summary>
/// <c>hoist check</c> and the checks around <c>hoist build</c> as a user meets them: every Hoist rule from the shipped
/// binary on a real context, exit codes, SARIF, and a build that fails before anything runs.
/// </summary>
public sealed class CheckProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hoist-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Context(string dockerfile, params string[] files)
    {
        var context = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);
        foreach (var file in files) File.WriteAllText(Path.Combine(context, file), "x\n");
        return context;
    }

    private HoistProcess.Result Check(params string[] args) =>
        HoistProcess.Run(["--root", Path.Combine(_directory, "no-store"), "check", .. args]);

    /// <summary>"LINE Rule" for every finding of <c>hoist check --format json</c>.</summary>
    private List<string> Findings(string context, params string[] extra)
    {
        var result = Check(["--format", "json", .. extra, context]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.GetProperty("warnings").EnumerateArray().Select(w =>
            $"{w.GetProperty("location").GetProperty("ranges")[0].GetProperty("start").GetProperty("line").GetInt32()} {w.GetProperty("ruleName").GetString()}")];
    }

    [Theory]
    [InlineData("FROM alpine\nCMD [\"true\"]\n", "1 HoistUnpinnedBaseImage")]
    [InlineData("FROM golang:1.22 AS build\nRUN go build -o /app\nFROM golang:1.22\nCOPY --from=build /app /app\n", "3 HoistToolchainFinalStage")]
    [InlineData("FROM golang:1.22 AS build\nFROM debian:12-slim\nRUN apt-get install -y build-essential git\n", "3 HoistBuildToolsInFinalStage")]
    [InlineData("FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\nCOPY . .\n", "6 HoistWholeContextInFinalStage")]
    [InlineData("FROM node:20 AS deps\nRUN npm ci\nFROM node:20-slim\nCOPY --from=deps /app/node_modules /app/node_modules\n", "4 HoistDevDependenciesInFinalStage")]
    [InlineData("FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=buidl /app /app\n", "4 HoistUnknownFromStage")]
    [InlineData("FROM node:20 AS build\nWORKDIR /src\nRUN npm run build\nFROM nginx:1.27\nCOPY dist /usr/share/nginx/html\n", "5 HoistCopyFromContextNotStage")]
    public void Each_Hoist_rule_is_reported_by_hoist_check(string dockerfile, string expected)
    {
        Assert.Contains(expected, Findings(Context(dockerfile)));
    }

    [Fact]
    public void The_context_decides_copy_from_context_and_copy_ignored_file()
    {
        var context = Context("# check=experimental=CopyIgnoredFile\nFROM node:20 AS build\nRUN npm run build\nFROM nginx:1.27\nCOPY dist /html\nCOPY secret.txt /s\n", "secret.txt");
        File.WriteAllText(Path.Combine(context, ".dockerignore"), "secret.txt\n");
        Directory.CreateDirectory(Path.Combine(context, "dist"));
        var findings = Findings(context);
        Assert.DoesNotContain("5 HoistCopyFromContextNotStage", findings);
        Assert.Contains("6 CopyIgnoredFile", findings);
    }

    [Fact]
    public void Findings_alone_exit_zero_fail_on_and_error_true_exit_one()
    {
        var context = Context("FROM alpine:3.20\nCMD echo hi\n");
        Assert.Equal(0, Check(context).ExitCode);
        var failOn = Check("--fail-on", "JSONArgsRecommended", context);
        Assert.Equal(1, failOn.ExitCode);
        Assert.Contains("--fail-on: 1 rule(s) matched: JSONArgsRecommended", failOn.Stderr);
        Assert.Equal(0, Check("--fail-on", "hoist", context).ExitCode);
        var strict = Check(Context("# check=error=true\nFROM alpine:3.20\nCMD echo hi\n"));
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("error: lint violation found for rules: JSONArgsRecommended", strict.Stderr);
        Assert.Equal(1, Check("--fail-on", "NoSuchRule", context).ExitCode);
    }

    [Fact]
    public void Text_output_is_docker_call_check_layout_with_a_fix_for_Hoist_rules()
    {
        var result = Check(Context("FROM alpine\nCMD echo hi\n"));
        Assert.Contains("Check complete, 2 warnings have been found!", result.Stdout);
        Assert.Contains("WARNING: JSONArgsRecommended - https://docs.docker.com/go/dockerfile/rule/json-args-recommended/\n", result.Stdout);
        Assert.Contains("Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> CMD echo hi\n", result.Stdout);
        Assert.Contains("WARNING: HoistUnpinnedBaseImage\n", result.Stdout);
        Assert.Contains("Fix: pin a version tag or a digest", result.Stdout);
    }

    [Fact]
    public void Build_call_check_outline_and_targets_answer_without_building()
    {
        var context = Context("FROM alpine:3.20 AS build\nFROM build\nCMD echo hi\n");
        var sarif = HoistProcess.Run(["--root", Path.Combine(_directory, "store"), "build", "--call=check,format=sarif", context]);
        Assert.Equal(1, sarif.ExitCode); // a BuildKit finding: buildx's lint status
        Assert.Equal("2.1.0", JsonDocument.Parse(sarif.Stdout).RootElement.GetProperty("version").GetString());
        var check = HoistProcess.Run(["--root", Path.Combine(_directory, "store"), "build", "--check", context]);
        Assert.Contains("Check complete, 1 warning has been found!", check.Stdout);
        Assert.Equal("TARGET    DESCRIPTION\nbuild     \n(default) \n", HoistProcess.Run(["build", "--call=targets", context]).Stdout);
        var outline = HoistProcess.Run(["build", "--call", "outline", context]);
        Assert.Equal((0, ""), (outline.ExitCode, outline.Stdout)); // BuildKit's outline of an unnamed target without args is empty
        Assert.Contains("Check complete, 1 warning has been found!", HoistProcess.Run(["--root", Path.Combine(_directory, "store"), "build", "--call=lint", context]).Stdout);
    }

    [Fact]
    public void The_mistake_examples_produce_their_findings()
    {
        var examples = Path.Combine(HoistProcess.RepositoryRoot, "examples", "mistakes");
        Assert.Contains("4 HoistUnpinnedBaseImage", Findings(Path.Combine(examples, "latest-tag")));
        Assert.Contains("9 HoistToolchainFinalStage", Findings(Path.Combine(examples, "build-tools-in-runtime")));
    }
}
