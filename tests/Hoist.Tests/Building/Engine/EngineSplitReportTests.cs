using Hoist.Building.Engine;
using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>The build summary's word on the multi-stage split: what the stages left behind, whether their bases were
/// walked while they built (a rebuild that runs steps) or after.</summary>
public sealed class EngineSplitReportTests : IDisposable
{
    private const string TwoStages = "FROM example.test/toolchain:1 AS build\nCOPY src/ /src/\nRUN write /out/app binary\n"
        + "FROM scratch\nCOPY --from=build /out/app /app\n";

    private readonly EngineHarness _engine = new();

    public EngineSplitReportTests() => _engine.File("src/main.c", "int main;");

    public void Dispose() => _engine.Dispose();

    private Task ToolchainAsync() => _engine.WriteImageAsync("example.test/toolchain:1", new Dictionary<string, string>
    {
        ["usr/bin/gcc-12"] = "compiler",
        ["usr/bin/apt-get"] = "package manager",
        ["var/lib/dpkg/status"] = "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\n\nPackage: apt\nStatus: install ok installed\nVersion: 2.6.1\n",
    }, new ContainerConfig(), executables: ["usr/bin/gcc-12", "usr/bin/apt-get"]);

    [Fact]
    public async Task A_rebuild_that_runs_steps_reports_what_a_first_build_reports_plus_its_own_changes()
    {
        await ToolchainAsync();
        var first = (await _engine.BuildAsync(TwoStages, reportSplit: true)).Result.LeftBehind!;
        _engine.File("src/main.c", "int main; /* longer */");
        _engine.File("src/util.c", "int util;");

        var rebuilt = await _engine.BuildAsync(TwoStages, reportSplit: true);

        Assert.NotEmpty(rebuilt.Misses);
        var report = rebuilt.Result.LeftBehind!;
        Assert.Equal(first.Tools, report.Tools);
        Assert.Contains("gcc 12", report.Tools);
        Assert.Equal((2, first.Files + 1), (report.Packages, report.Files));
        Assert.Equal(first.Bytes + "int util;".Length + " /* longer */".Length, report.Bytes);
    }

    [Fact]
    public async Task A_rebuild_of_cache_hits_reports_the_kept_report()
    {
        await ToolchainAsync();
        var first = (await _engine.BuildAsync(TwoStages, reportSplit: true)).Result.LeftBehind!;

        var again = await _engine.BuildAsync(TwoStages, reportSplit: true);

        Assert.Empty(again.Misses);
        Assert.Equal(first, again.Result.LeftBehind! with { Tools = first.Tools });
        Assert.Equal(first.Tools, again.Result.LeftBehind!.Tools);
    }

    [Fact]
    public async Task A_stage_that_fails_after_the_first_miss_fails_the_build_with_its_own_error()
    {
        await ToolchainAsync();

        var e = await Assert.ThrowsAsync<BuildStepException>(() => _engine.BuildAsync(
            "FROM example.test/toolchain:1 AS build\nCOPY src/ /src/\nRUN exit 4\nFROM scratch\nCOPY --from=build /src /src\n", reportSplit: true));

        Assert.Contains("exit code: 4", e.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stages_walked_while_the_build_runs_give_the_report_a_walk_of_them_whole()
    {
        await ToolchainAsync();
        const string threeStages = "FROM example.test/toolchain:1 AS a\nCOPY src/ /a/\nRUN write /a/out one\n"
            + "FROM example.test/toolchain:1 AS b\nCOPY src/ /b/\n"
            + "FROM scratch\nCOPY --from=a /a/out /a\nCOPY --from=b /b/main.c /b\n";
        var first = (await _engine.BuildAsync(threeStages, reportSplit: true)).Result.LeftBehind!;
        _engine.File("src/main.c", "int main; /* edited */");

        var report = (await _engine.BuildAsync(threeStages, reportSplit: true)).Result.LeftBehind!;

        Assert.Equal(["apt-get", "gcc 12"], report.Tools);
        Assert.Equal(2, report.Packages);
        Assert.Equal(first.Files, report.Files);
        Assert.Equal(first.Bytes + 2 * " /* edited */".Length, report.Bytes);
    }
}
