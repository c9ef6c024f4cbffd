namespace Hoist.Tests.Building.Engine;

/// <summary>Cache hits and misses, asserted on the steps the engine reports cached or ran and on what it started.</summary>
public sealed class EngineCacheTests : IDisposable
{
    private const string CopyThenRun = "FROM scratch\nCOPY a.txt /\nRUN write /b.txt b\n";

    private readonly EngineHarness _engine = new();

    public EngineCacheTests() => _engine.File("a.txt", "one");

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task A_second_build_hits_every_step_runs_nothing_and_writes_the_same_image()
    {
        var first = await _engine.BuildAsync(CopyThenRun);
        var second = await _engine.BuildAsync(CopyThenRun);

        Assert.Equal(["[1/2] COPY a.txt /", "[2/2] RUN write /b.txt b"], first.Ran);
        Assert.Equal(["[1/2] COPY a.txt /", "[2/2] RUN write /b.txt b"], second.Cached);
        Assert.Empty(second.Runs);
        Assert.Equal(first.Result.ImageId, second.Result.ImageId);
    }

    [Fact]
    public async Task Changing_a_copied_file_misses_the_copy_and_everything_after_it()
    {
        await _engine.BuildAsync(CopyThenRun);
        _engine.File("a.txt", "two");

        var second = await _engine.BuildAsync(CopyThenRun);

        Assert.Empty(second.Cached);
        Assert.Single(second.Runs);
        Assert.Equal("two", await _engine.ReadFileAsync(second, "a.txt"));
    }

    [Fact]
    public async Task A_file_the_copy_does_not_select_changes_nothing()
    {
        await _engine.BuildAsync(CopyThenRun);
        _engine.File("other.txt", "new");

        var second = await _engine.BuildAsync(CopyThenRun);

        Assert.Equal(2, second.Cached.Count);
    }

    [Fact]
    public async Task A_label_after_a_copy_never_invalidates_it()
    {
        await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\nLABEL v=1\n");

        var second = await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\nLABEL v=2\n");

        Assert.Equal(["[1/1] COPY a.txt /"], second.Cached);
        Assert.Equal("2", second.Config.Labels!["v"]);
    }

    [Fact]
    public async Task A_label_before_a_run_invalidates_neither_the_run_nor_its_layer()
    {
        await _engine.BuildAsync("FROM scratch\nLABEL v=1\nRUN write /x x\n");

        var second = await _engine.BuildAsync("FROM scratch\nLABEL v=2\nRUN write /x x\n");

        Assert.Equal(["[1/1] RUN write /x x"], second.Cached);
    }

    [Fact]
    public async Task An_arg_a_copy_does_not_use_keeps_it_cached_but_a_run_sees_it()
    {
        const string dockerfile = "FROM scratch\nARG V\nCOPY a.txt /\nRUN echo x\n";
        await _engine.BuildAsync(dockerfile, buildArgs: ["V=1"]);

        var second = await _engine.BuildAsync(dockerfile, buildArgs: ["V=2"]);

        Assert.Equal(["[1/2] COPY a.txt /"], second.Cached);
        Assert.Equal(["[2/2] RUN echo x"], second.Ran);
    }

    [Fact]
    public async Task No_cache_runs_every_step_and_still_records_them()
    {
        await _engine.BuildAsync(CopyThenRun);

        var uncached = await _engine.BuildAsync(CopyThenRun, noCache: true);
        var after = await _engine.BuildAsync(CopyThenRun);

        Assert.Empty(uncached.Cached);
        Assert.Single(uncached.Runs);
        Assert.Equal(2, after.Cached.Count);
    }

    [Fact]
    public async Task No_cache_filter_rebuilds_only_the_stages_it_names()
    {
        const string dockerfile = "FROM scratch AS a\nRUN write /a a\nFROM scratch AS b\nRUN write /b b\nFROM scratch\nCOPY --from=a /a /\nCOPY --from=b /b /\n";
        await _engine.BuildAsync(dockerfile);

        var second = await _engine.BuildAsync(dockerfile, noCacheStages: ["b"]);

        Assert.Equal(["/bin/sh", "-c", "write /b b"], second.Runs.Single().Args);
        Assert.Contains("[a 1/1] RUN write /a a", second.Cached);
    }

    [Fact]
    public async Task A_copy_from_a_cached_stage_hits_without_running_or_unpacking_it()
    {
        const string dockerfile = "FROM scratch AS build\nRUN write /out built\nFROM scratch\nCOPY --from=build /out /out\n";
        await _engine.BuildAsync(dockerfile);
        var prepared = _engine.Snapshotter.Prepared;

        var second = await _engine.BuildAsync(dockerfile);

        Assert.Equal(["[build 1/1] RUN write /out built", "[stage-1 1/1] COPY --from=build /out /out"], second.Cached);
        Assert.Equal(prepared, _engine.Snapshotter.Prepared);
    }

    [Fact]
    public async Task A_copy_from_a_rebuilt_stage_whose_selected_file_is_the_same_hits_by_content_and_keeps_the_image()
    {
        const string dockerfile = "FROM scratch AS build\nCOPY a.txt /\nRUN write /out same\nFROM scratch\nCOPY --from=build /out /out\nCMD [\"x\"]\n";
        var first = await _engine.BuildAsync(dockerfile);
        _engine.File("a.txt", "two");

        var second = await _engine.BuildAsync(dockerfile);

        Assert.Contains("[build 2/2] RUN write /out same", second.Ran);
        Assert.Equal(["[stage-1 1/1] COPY --from=build /out /out"], second.Cached);
        Assert.Equal(first.Result.ImageId, second.Result.ImageId);
    }

    [Fact]
    public async Task A_changed_stage_misses_the_copies_from_it()
    {
        await _engine.BuildAsync("FROM scratch AS build\nRUN write /out one\nFROM scratch\nCOPY --from=build /out /out\n");

        var second = await _engine.BuildAsync("FROM scratch AS build\nRUN write /out two\nFROM scratch\nCOPY --from=build /out /out\n");

        Assert.Empty(second.Cached);
        Assert.Equal("two", await _engine.ReadFileAsync(second, "out"));
    }

    [Fact]
    public async Task A_bind_mount_keys_the_run_by_the_mounted_content()
    {
        const string dockerfile = "FROM scratch\nRUN --mount=type=bind,source=a.txt,target=/m echo x\n";
        await _engine.BuildAsync(dockerfile);
        var same = await _engine.BuildAsync(dockerfile);
        _engine.File("a.txt", "changed");

        var changed = await _engine.BuildAsync(dockerfile);

        Assert.Single(same.Cached);
        Assert.Empty(changed.Cached);
        Assert.Contains(changed.Runs.Single().Mounts, m => m.Destination == "/m" && m.Source.EndsWith("a.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_result_lists_the_cache_entries_for_export()
    {
        var build = await _engine.BuildAsync("FROM scratch AS side\nRUN write /s s\nFROM scratch\nCOPY --from=side /s /s\n");

        // The COPY --from is recorded under its stage key and its content key (StageCopyContentKeys).
        Assert.Equal(2, build.Result.TargetCacheEntries.Count(e => e.Layer is not null));
        Assert.Equal(3, build.Result.AllCacheEntries.Count(e => e.Layer is not null));
    }
}
