using Hoist.Building.Engine;
using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>RUN, COPY and WORKDIR as steps: what they write, how they are numbered and reported, how they fail.</summary>
public sealed class EngineStepTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public EngineStepTests() => _engine.File("a.txt", "from context");

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task A_run_writes_its_changes_as_a_layer()
    {
        var build = await _engine.BuildAsync("FROM scratch\nRUN write /hello.txt hi\n");

        Assert.Equal("hi", await _engine.ReadFileAsync(build, "hello.txt"));
        Assert.Equal(1, build.Result.Final.Layers);
        Assert.Contains("RUN /bin/sh -c write /hello.txt hi # buildkit", build.History);
    }

    [Fact]
    public async Task A_later_run_sees_the_files_of_earlier_layers()
    {
        var build = await _engine.BuildAsync("FROM scratch\nCOPY a.txt /a.txt\nRUN write /b.txt b\n");

        Assert.Equal("from context", await _engine.ReadFileAsync(build, "a.txt"));
        Assert.Equal("b", await _engine.ReadFileAsync(build, "b.txt"));
        Assert.Equal(2, build.Result.Final.Layers);
    }

    [Fact]
    public async Task Run_output_arrives_as_output_of_its_step()
    {
        var build = await _engine.BuildAsync("FROM scratch\nRUN echo hello && echo world\n");

        Assert.Equal(["hello", "world"], build.Events.Output("RUN echo hello && echo world"));
    }

    [Fact]
    public async Task A_failing_run_fails_its_step_with_the_exit_code_and_last_lines()
    {
        var e = await Assert.ThrowsAsync<BuildStepException>(() => _engine.BuildAsync("FROM scratch\nRUN echo boom && exit 3\n"));

        Assert.Equal("process \"/bin/sh -c echo boom && exit 3\" did not complete successfully: exit code: 3", e.Cause);
        Assert.Equal(["boom"], e.LastLines);
        Assert.Equal(2, e.Step.Line);
        Assert.Equal("Dockerfile:2: [1/1] RUN echo boom && exit 3: " + e.Cause, e.Message);
    }

    [Fact]
    public async Task A_runtime_error_fails_the_step_naming_the_process()
    {
        var e = await Assert.ThrowsAsync<BuildStepException>(() => _engine.BuildAsync("FROM scratch\nRUN throw no runtime here\n"));

        Assert.Equal("process \"/bin/sh -c throw no runtime here\" did not complete successfully: no runtime here", e.Cause);
    }

    [Fact]
    public async Task A_failed_step_is_reported_failed_and_never_completed()
    {
        await Assert.ThrowsAsync<BuildStepException>(() => _engine.BuildAsync("FROM scratch\nRUN exit 1\n"));

        Assert.Equal(["[1/1] RUN exit 1"], _engine.LastEvents.Titles("failed"));
        Assert.Empty(_engine.LastEvents.Titles("completed"));
    }

    [Fact]
    public async Task The_step_total_is_announced_before_the_first_step_and_is_the_number_shown()
    {
        await _engine.WriteImageAsync("example.test/base:1", new Dictionary<string, string> { ["f"] = "x" },
            new ContainerConfig { OnBuild = ["RUN echo triggered"] });

        await _engine.BuildAsync("FROM scratch AS a\nCOPY a.txt /\nENV X=1\nRUN echo a\nFROM a AS b\nRUN echo b\n"
            + "FROM example.test/base:1\nCOPY --from=b /a.txt /\nWORKDIR /w\n");

        var events = _engine.LastEvents.All.ToList();
        Assert.Equal("planned", events[0].Kind);
        // a: COPY, RUN; b: RUN (FROM a is no step); last: FROM, the base's ONBUILD RUN, COPY, WORKDIR
        Assert.Equal("7", events[0].Text);
        Assert.Equal(7, events.Count(e => e.Kind == "started"));
        Assert.Single(events, e => e.Kind == "planned");
    }

    [Fact]
    public async Task Steps_are_numbered_per_stage_as_buildkit_does()
    {
        await _engine.WriteImageAsync("example.test/base:1", new Dictionary<string, string> { ["f"] = "x" }, new ContainerConfig());

        var build = await _engine.BuildAsync(
            "FROM scratch AS a\nCOPY a.txt /\nENV X=1\nRUN echo a\nFROM example.test/base:1\nCOPY --from=a /a.txt /\n");

        Assert.Equal(["[a 1/2] COPY a.txt /", "[a 2/2] RUN echo a", "[stage-1 1/2] FROM example.test/base:1", "[stage-1 2/2] COPY --from=a /a.txt /"],
            build.Events.Titles("started").Order(StringComparer.Ordinal));
        Assert.Equal(4, build.Result.StepCount);
    }

    [Fact]
    public async Task The_summary_splits_the_final_image_into_base_and_own_layers()
    {
        await _engine.WriteImageAsync("example.test/base:1", new Dictionary<string, string> { ["f"] = "x" }, new ContainerConfig());

        var build = await _engine.BuildAsync("FROM example.test/base:1 AS build\nRUN write /a a\nFROM build\nRUN write /b bb\n");

        Assert.Equal(3, build.Result.Final.Layers);
        Assert.Equal(1, build.Result.Final.BaseLayers);
        Assert.True(build.Result.Final.BaseUncompressedSize > 0);
        Assert.True(build.Result.Final.UncompressedSize > build.Result.Final.BaseUncompressedSize);
    }

    [Fact]
    public async Task A_stage_built_on_a_stage_shows_no_from_step_as_buildkit()
    {
        var build = await _engine.BuildAsync("FROM scratch AS build\nRUN write /a a\nFROM build AS test\nRUN write /b b\n");

        Assert.Equal(["[build 1/1] RUN write /a a", "[test 1/1] RUN write /b b"], build.Events.Titles("started").Order(StringComparer.Ordinal));
        Assert.Equal(2, build.Result.StepCount);
    }

    [Fact]
    public async Task Copy_from_a_stage_by_name_and_by_index()
    {
        var build = await _engine.BuildAsync(
            "FROM scratch AS first\nRUN write /made m\nFROM scratch\nCOPY --from=first /made /by-name\nCOPY --from=0 /made /by-index\n");

        Assert.Equal("m", await _engine.ReadFileAsync(build, "by-name"));
        Assert.Equal("m", await _engine.ReadFileAsync(build, "by-index"));
    }

    [Fact]
    public async Task Copy_from_an_image_reads_its_layers()
    {
        await _engine.WriteImageAsync("example.test/tools:1", new Dictionary<string, string> { ["etc/tool"] = "t" }, new ContainerConfig());

        var build = await _engine.BuildAsync("FROM scratch\nCOPY --from=example.test/tools:1 /etc/tool /tool\n");

        Assert.Equal("t", await _engine.ReadFileAsync(build, "tool"));
    }

    [Fact]
    public async Task Copy_expands_args_and_records_its_flags_in_the_history()
    {
        var build = await _engine.BuildAsync("FROM scratch\nARG F=a.txt\nCOPY --chown=1:2 $F /dst/\n");

        Assert.Equal("from context", await _engine.ReadFileAsync(build, "dst/a.txt"));
        Assert.Contains("COPY --chown=1:2 a.txt /dst/ # buildkit", build.History);
    }

    [Fact]
    public async Task Workdir_writes_the_directories_it_creates()
    {
        var build = await _engine.BuildAsync("FROM scratch\nWORKDIR /app/src\n");

        Assert.Equal(1, build.Result.Final.Layers);
        Assert.Equal("/app/src", build.Config.WorkingDir);
    }

    [Fact]
    public async Task Only_the_stages_the_target_needs_are_built()
    {
        var build = await _engine.BuildAsync("FROM scratch AS unused\nRUN echo unused\nFROM scratch AS wanted\nRUN echo wanted\n", target: "wanted");

        Assert.Equal(["/bin/sh", "-c", "echo wanted"], build.Runs.Single().Args);
        Assert.Equal(["wanted"], build.Result.Stages.Select(s => s.Name));
    }
}
