using Hoist.Building.Engine;

namespace Hoist.Tests.Building.Engine;

/// <summary>The timed phases a build reports (rawjson "phase" events, <c>--trace</c>): what each kind of step spends its time on.</summary>
public sealed class EnginePhaseTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public EnginePhaseTests() => _engine.File("a.txt", "one");

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task A_copy_hashes_its_sources_looks_up_unpacks_and_writes_a_run_mounts_and_runs_the_image_is_exported()
    {
        await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\nRUN write /b.txt b\n");
        var events = _engine.LastEvents;

        Assert.Equal([BuildPhases.ContextHash, BuildPhases.CacheLookup, BuildPhases.Unpack, BuildPhases.Layer], events.PhasesOf("COPY a.txt /"));
        Assert.Equal([BuildPhases.CacheLookup, BuildPhases.Unpack, BuildPhases.Mount, BuildPhases.Container, BuildPhases.Layer],
            events.PhasesOf("RUN write /b.txt b"));
        Assert.Contains(events.Phases, p => p.Name == BuildPhases.Export && p.Step is null);
        Assert.All(events.Phases, p => Assert.True(p.Duration >= TimeSpan.Zero));
    }

    [Fact]
    public async Task A_cached_step_only_looks_up()
    {
        await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\n");
        await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\n");

        Assert.Equal([BuildPhases.ContextHash, BuildPhases.CacheLookup], _engine.LastEvents.PhasesOf("COPY a.txt /"));
    }
}
