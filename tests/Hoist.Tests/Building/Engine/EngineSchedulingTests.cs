using Hoist.Building.Engine;

namespace Hoist.Tests.Building.Engine;

/// <summary>Stages in parallel, once each, at most <c>--jobs</c> at a time; failures and cancellation stop the rest.</summary>
public sealed class EngineSchedulingTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task Independent_stages_run_at_the_same_time()
    {
        // Each stage waits for the other: only running both at once finishes.
        var build = await _engine.BuildAsync(
            "FROM scratch AS a\nRUN open a && wait b\nFROM scratch AS b\nRUN open b && wait a\nFROM scratch\nCOPY --from=a / /\nCOPY --from=b / /\n",
            jobs: 2, cancellationToken: Deadline());

        Assert.Equal(2, _engine.Runtime.MostAtOnce);
        Assert.Equal(2, build.Runs.Count);
    }

    [Fact]
    public async Task Jobs_limits_how_many_stages_run_at_once()
    {
        await _engine.BuildAsync(
            "FROM scratch AS a\nRUN echo a\nFROM scratch AS b\nRUN echo b\nFROM scratch AS c\nRUN echo c\nFROM scratch\nCOPY --from=a / /\nCOPY --from=b / /\nCOPY --from=c / /\n",
            jobs: 1, cancellationToken: Deadline());

        Assert.Equal(1, _engine.Runtime.MostAtOnce);
    }

    [Fact]
    public async Task A_stage_several_stages_use_is_built_once()
    {
        var build = await _engine.BuildAsync(
            "FROM scratch AS common\nRUN write /c c\nFROM common AS x\nRUN echo x\nFROM common AS y\nRUN echo y\nFROM scratch\nCOPY --from=x /c /x\nCOPY --from=y /c /y\n",
            cancellationToken: Deadline());

        Assert.Single(build.Runs, r => r.Args[^1] == "write /c c");
        Assert.Equal(3, build.Runs.Count);
    }

    [Fact]
    public async Task A_stage_built_on_another_starts_from_its_filesystem_and_config()
    {
        var build = await _engine.BuildAsync("FROM scratch AS base\nENV B=1\nRUN write /base b\nFROM base\nRUN write /child c\n");

        Assert.Equal("b", await _engine.ReadFileAsync(build, "base"));
        Assert.Contains("B=1", build.Runs[1].Env);
        Assert.Equal(2, build.Result.Final.Layers);
    }

    [Fact]
    public async Task The_first_failure_is_reported_and_cancels_the_other_stages()
    {
        var e = await Assert.ThrowsAsync<BuildStepException>(() => _engine.BuildAsync(
            "FROM scratch AS slow\nRUN hang\nFROM scratch AS broken\nRUN exit 2\nFROM scratch\nCOPY --from=slow / /\nCOPY --from=broken / /\n",
            jobs: 2, cancellationToken: Deadline()));

        Assert.Equal("[broken 1/1] RUN exit 2", e.Step.Title);
    }

    [Fact]
    public async Task Cancelling_stops_a_running_step()
    {
        using var cancel = new CancellationTokenSource();
        var started = _engine.Runtime.Gate("started");
        var build = _engine.BuildAsync("FROM scratch\nRUN open started && hang\n", cancellationToken: cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
    }

    [Fact]
    public async Task A_stage_waiting_for_another_does_not_hold_a_job_slot()
    {
        // With one slot, the final stage waits for its COPY --from stage outside the slot, so the build finishes.
        var build = await _engine.BuildAsync(
            "FROM scratch AS dep\nRUN write /d d\nFROM scratch\nRUN echo own\nCOPY --from=dep /d /d\n", jobs: 1, cancellationToken: Deadline());

        Assert.Equal("d", await _engine.ReadFileAsync(build, "d"));
    }
}
