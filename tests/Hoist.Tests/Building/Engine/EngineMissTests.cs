using Hoist.Building.Cache;
using Hoist.Building.Cache.Misses;
using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>Every step that misses the cache says why, relative to the last build of the same step.</summary>
public sealed class EngineMissTests : IDisposable
{
    private const string CopyThenRun = "FROM scratch\nCOPY src/ /app/\nRUN write /b.txt b\n";

    private readonly EngineHarness _engine = new();

    public EngineMissTests()
    {
        _engine.File("src/app.js", "one");
        _engine.File("src/lib.js", "lib");
    }

    public void Dispose() => _engine.Dispose();

    private string RecordRoot => new StepRecordStore(_engine.Store.Root).Root;

    [Fact]
    public async Task A_first_build_says_so_for_every_step()
    {
        var build = await _engine.BuildAsync(CopyThenRun);

        Assert.Equal(["#1 first build", "#2 first build"], build.Misses);
    }

    [Fact]
    public async Task A_changed_file_is_named_and_the_steps_after_it_name_their_parent()
    {
        await _engine.BuildAsync(CopyThenRun);
        _engine.File("src/app.js", "two");

        var second = await _engine.BuildAsync(CopyThenRun);

        Assert.Equal(["#1 src/app.js changed", "#2 parent step #1 changed"], second.Misses);
    }

    [Fact]
    public async Task Added_and_removed_files_are_named_and_many_are_cut_short()
    {
        await _engine.BuildAsync(CopyThenRun);
        File.Delete(Path.Combine(_engine.Context, "src/lib.js"));
        foreach (var name in new[] { "a", "b", "c", "d" }) _engine.File($"src/{name}.js", name);

        var second = await _engine.BuildAsync(CopyThenRun);

        Assert.Equal("src/a.js added, src/b.js added, src/c.js added and 2 more", second.Miss("COPY src/ /app/"));
        _engine.File("src/a.js", "changed");
        File.Delete(Path.Combine(_engine.Context, "src/b.js"));
        Assert.Equal("src/a.js changed, src/b.js removed", (await _engine.BuildAsync(CopyThenRun)).Miss("COPY src/ /app/"));
    }

    [Fact]
    public async Task Each_platform_compares_with_its_own_last_build_and_names_its_own_parent_step()
    {
        await _engine.BuildAsync(CopyThenRun, platforms: "linux/amd64,linux/arm64");
        _engine.File("src/app.js", "two");

        var second = await _engine.BuildAsync(CopyThenRun, platforms: "linux/amd64,linux/arm64");

        Assert.Equal(["#1 src/app.js changed", "#2 parent step #1 changed", "#3 src/app.js changed", "#4 parent step #3 changed"],
            second.Misses.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_changed_build_arg_is_named_without_its_value()
    {
        const string dockerfile = "FROM scratch\nARG TOKEN\nCOPY src/ /app/\nRUN write /b.txt b\n";
        await _engine.BuildAsync(dockerfile, buildArgs: ["TOKEN=secret-one"]);

        var second = await _engine.BuildAsync(dockerfile, buildArgs: ["TOKEN=secret-two"]);

        Assert.Equal(["#2 build arg TOKEN changed"], second.Misses);
        Assert.DoesNotContain(Directory.EnumerateFiles(RecordRoot, "*", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_env_value_and_a_new_build_arg_are_told_apart()
    {
        await _engine.BuildAsync("FROM scratch\nENV MODE=debug\nRUN write /b.txt b\n");

        var second = await _engine.BuildAsync("FROM scratch\nENV MODE=release\nARG EXTRA=1\nRUN write /b.txt b\n");

        Assert.Equal("build arg EXTRA added, env MODE changed", second.Miss("RUN write /b.txt b"));
    }

    [Fact]
    public async Task A_changed_instruction_says_so()
    {
        await _engine.BuildAsync(CopyThenRun);

        var second = await _engine.BuildAsync(CopyThenRun.Replace("write /b.txt b", "write /b.txt c", StringComparison.Ordinal));

        Assert.Equal(["#2 instruction changed"], second.Misses);
    }

    [Fact]
    public async Task An_inserted_step_says_so_and_the_steps_after_it_name_their_parent()
    {
        const string dockerfile = "FROM scratch\nCOPY src/ /app/\nRUN write /b.txt b\nRUN write /c.txt c\n";
        await _engine.BuildAsync(dockerfile);

        var second = await _engine.BuildAsync(dockerfile.Replace("RUN write /b.txt b\n", "RUN write /x.txt x\nRUN write /b.txt b\n",
            StringComparison.Ordinal));

        Assert.Equal(["#2 step inserted", "#3 parent step #2 changed", "#4 parent step #3 changed"], second.Misses);
    }

    [Fact]
    public async Task A_step_added_at_the_end_and_a_changed_one_between_kept_steps_are_told_apart()
    {
        await _engine.BuildAsync("FROM scratch\nCOPY src/ /app/\nRUN write /b.txt b\nRUN write /c.txt c\n");

        var second = await _engine.BuildAsync("FROM scratch\nCOPY src/ /app/\nRUN write /b.txt B\nRUN write /c.txt c\nRUN write /d.txt d\n");

        Assert.Equal(["#2 instruction changed", "#3 parent step #2 changed", "#4 step added"], second.Misses);
    }

    [Fact]
    public async Task A_repeated_instruction_is_matched_with_its_own_occurrence()
    {
        const string dockerfile = "FROM scratch\nRUN write /a a\nCOPY src/ /app/\nRUN write /a a\n";
        await _engine.BuildAsync(dockerfile);
        _engine.File("src/app.js", "two");

        var second = await _engine.BuildAsync(dockerfile);

        Assert.Equal(["#2 src/app.js changed", "#3 parent step #2 changed"], second.Misses);
    }

    [Fact]
    public async Task A_copy_from_a_stage_names_the_changed_files_it_selects()
    {
        const string dockerfile = "FROM scratch AS build\nRUN write /out/a {0}\nRUN write /out/b b\nRUN write /other o\nFROM scratch\nCOPY --from=build /out/ /app/\n";
        await _engine.BuildAsync(string.Format(dockerfile, "one"));

        var second = await _engine.BuildAsync(string.Format(dockerfile, "two"));

        Assert.Equal("out/a changed", second.Miss("COPY --from=build /out/ /app/"));
    }

    [Fact]
    public async Task A_changed_base_image_names_both_digests()
    {
        var config = new ContainerConfig { Env = ["PATH=/bin"] };
        var before = await _engine.WriteImageAsync("example.com/base:1", new Dictionary<string, string> { ["/etc/v"] = "1" }, config);
        const string dockerfile = "FROM example.com/base:1\nCOPY src/ /app/\nRUN write /b.txt b\n";
        await _engine.BuildAsync(dockerfile);
        var after = await _engine.WriteImageAsync("example.com/base:1", new Dictionary<string, string> { ["/etc/v"] = "2" }, config);

        var second = await _engine.BuildAsync(dockerfile);

        Assert.Equal([$"#2 base image changed (example.com/base:1@{before.ToString()[..19]} → example.com/base:1@{after.ToString()[..19]})",
            "#3 parent step #2 changed"], second.Misses);
    }

    [Fact]
    public async Task A_changed_stage_is_named_by_the_stages_built_on_it_and_copying_from_it()
    {
        const string dockerfile = "FROM scratch AS build\nRUN write /out {0}\nFROM build AS test\nRUN write /t t\nFROM scratch\nCOPY --from=build /out /out\n";
        await _engine.BuildAsync(string.Format(dockerfile, "one"), target: "test");
        await _engine.BuildAsync(string.Format(dockerfile, "one"));

        var second = await _engine.BuildAsync(string.Format(dockerfile, "two"));

        Assert.Equal("out changed", second.Miss("COPY --from=build /out /out"));
        var test = await _engine.BuildAsync(string.Format(dockerfile, "two"), target: "test");
        Assert.Equal("stage build changed", test.Miss("RUN write /t t"));
    }

    [Fact]
    public async Task No_cache_and_no_cache_filter_are_the_reason_when_given()
    {
        const string dockerfile = "FROM scratch AS a\nRUN write /a a\nFROM scratch AS b\nRUN write /b b\nFROM scratch\nCOPY --from=a /a /\nCOPY --from=b /b /\n";
        await _engine.BuildAsync(dockerfile);

        Assert.Equal("--no-cache", (await _engine.BuildAsync(dockerfile, noCache: true)).Miss("RUN write /a a"));
        Assert.Equal("--no-cache-filter b", (await _engine.BuildAsync(dockerfile, noCacheStages: ["b"])).Miss("RUN write /b b"));
    }

    [Fact]
    public async Task A_pruned_entry_with_unchanged_inputs_says_the_entry_is_gone()
    {
        await _engine.BuildAsync(CopyThenRun);
        Directory.Delete(Path.Combine(_engine.Store.Root, "cache", "entries"), recursive: true);

        var second = await _engine.BuildAsync(CopyThenRun);

        Assert.Equal(["#1 its cache entry is gone (pruned)", "#2 its cache entry is gone (pruned)"], second.Misses);
    }

    [Fact]
    public async Task A_warm_build_reports_no_miss_and_rewrites_no_record()
    {
        await _engine.BuildAsync(CopyThenRun);
        var records = Directory.EnumerateFiles(RecordRoot, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        foreach (var file in records.Keys) File.SetLastWriteTimeUtc(file, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var warm = await _engine.BuildAsync(CopyThenRun);

        Assert.Empty(warm.Misses);
        Assert.Equal(3, records.Count); // two steps and the stage's order
        Assert.All(records.Keys, f => Assert.Equal(2001, File.GetLastWriteTimeUtc(f).Year));
    }

    [Fact]
    public async Task A_build_that_returns_to_an_older_result_compares_with_the_build_before_it()
    {
        await _engine.BuildAsync(CopyThenRun);
        _engine.File("src/app.js", "two");
        await _engine.BuildAsync(CopyThenRun);
        _engine.File("src/app.js", "one");
        Assert.Equal(2, (await _engine.BuildAsync(CopyThenRun)).Cached.Count); // back to the first build's entries
        _engine.File("src/lib.js", "changed");

        var fourth = await _engine.BuildAsync(CopyThenRun);

        Assert.Equal("src/lib.js changed", fourth.Miss("COPY src/ /app/"));
    }

    [Fact]
    public async Task A_context_larger_than_the_named_limit_still_names_the_changed_file_from_a_bounded_record()
    {
        for (var i = 0; i < FileSummary.NamedLimit + 10; i++) _engine.File($"src/d{i % 10}/f{i:D5}", $"{i}");
        await _engine.BuildAsync(CopyThenRun);
        _engine.File("src/d3/f00013", "changed");
        File.Delete(Path.Combine(_engine.Context, "src/d4/f00014"));

        var second = await _engine.BuildAsync(CopyThenRun);

        Assert.Equal("src/d3/f00013 changed, 1 file removed", second.Miss("COPY src/ /app/"));
        var record = Directory.EnumerateFiles(RecordRoot, "*", SearchOption.AllDirectories).MaxBy(f => new FileInfo(f).Length)!;
        Assert.InRange(new FileInfo(record).Length, 1, 12 * (FileSummary.NamedLimit + 12) + 1000);
    }

    [Fact]
    public async Task Prune_removes_the_records_and_du_counts_them()
    {
        await _engine.BuildAsync(CopyThenRun);
        var pruner = new CachePruner(_engine.Store);
        Assert.Equal(2, pruner.Measure().MissRecords);

        var result = await pruner.PruneAsync(new CachePruneOptions());

        Assert.True(result.MissRecordBytesFreed > 0);
        Assert.Equal(0, pruner.Measure().MissRecords);
        Assert.Equal(["#1 first build", "#2 first build"], (await _engine.BuildAsync(CopyThenRun)).Misses);
    }
}
