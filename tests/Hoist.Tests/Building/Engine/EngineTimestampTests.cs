using Hoist.Archives;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Tests.Building.Engine;

/// <summary>SOURCE_DATE_EPOCH as BuildKit applies it: created times, the mtimes of what the build writes, cache keys.</summary>
public sealed class EngineTimestampTests : IDisposable
{
    private const long Epoch = 1_700_000_000;
    private const string Base = "example.test/base:1";
    private const string Dockerfile = "FROM example.test/base:1\nENV A=1\nCOPY a.txt /a.txt\nRUN write /b.txt b\nWORKDIR /w/x\n";
    private static readonly DateTimeOffset EpochTime = DateTimeOffset.FromUnixTimeSeconds(Epoch);
    private readonly EngineHarness _engine = new();

    public EngineTimestampTests()
    {
        _engine.File("a.txt", "a");
    }

    public void Dispose() => _engine.Dispose();

    private Task<Digest> WriteBaseAsync() =>
        _engine.WriteImageAsync(Base, new Dictionary<string, string> { ["etc/base"] = "b" }, new ContainerConfig());

    private Task<EngineBuild> BuildAsync(string epoch, bool rewrite = true, bool noCache = false) =>
        _engine.BuildAsync(Dockerfile, buildArgs: [$"SOURCE_DATE_EPOCH={epoch}"], rewriteTimestamps: rewrite, noCache: noCache);

    [Fact]
    public async Task The_epoch_is_the_configs_and_every_new_history_entrys_created_time()
    {
        await WriteBaseAsync();

        var build = await BuildAsync("1700000000");

        Assert.Equal(EpochTime, build.Image.Created);
        var history = build.Image.History!;
        Assert.Null(history[0].Created); // the base image's entry is kept as it is
        Assert.All(history.Skip(1), h => Assert.Equal(EpochTime, h.Created));
        Assert.Equal(5, history.Count);
    }

    [Fact]
    public async Task Every_file_the_build_adds_is_clamped_and_what_it_creates_gets_the_epoch()
    {
        var baseManifest = await WriteBaseAsync();
        var old = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);
        File.SetLastWriteTimeUtc(Path.Combine(_engine.Context, "a.txt"), old.UtcDateTime);

        var build = await BuildAsync("1700000000");

        var entries = await _engine.ReadEntriesAsync(build);
        Assert.All(entries.Where(e => e.Layer > 0), e => Assert.True(e.Entry.ModificationTime <= Epoch, e.Entry.Name));
        Assert.Equal(1_600_000_000, entries.Single(e => e.Entry.Name == "a.txt").Entry.ModificationTime);
        Assert.Equal(Epoch, entries.Single(e => e.Entry.Name.TrimEnd('/') == "b.txt").Entry.ModificationTime);
        Assert.Equal(Epoch, entries.Single(e => e.Entry.Name.TrimEnd('/') == "w").Entry.ModificationTime);
        Assert.Equal(Epoch, entries.Single(e => e.Entry.Name.TrimEnd('/') == "w/x").Entry.ModificationTime);
        Assert.True(entries.Single(e => e.Entry.Name == "etc/base").Entry.ModificationTime > Epoch, "the base layer is not rewritten");
        var baseImage = await _engine.Store.LoadImageAsync(baseManifest);
        var built = await _engine.Store.LoadImageAsync(build.Result.ManifestDigest);
        Assert.Equal(baseImage.Manifest.Manifest.Layers[0].Digest, built.Manifest.Manifest.Layers[0].Digest);
    }

    [Fact]
    public async Task Without_rewriting_added_files_keep_their_mtimes_but_what_the_build_creates_gets_the_epoch()
    {
        await WriteBaseAsync();

        var build = await BuildAsync("1700000000", rewrite: false);

        var entries = await _engine.ReadEntriesAsync(build);
        Assert.True(entries.Single(e => e.Entry.Name == "a.txt").Entry.ModificationTime > Epoch);
        Assert.Equal(Epoch, entries.Single(e => e.Entry.Name.TrimEnd('/') == "w").Entry.ModificationTime);
        Assert.Equal(EpochTime, build.Image.Created);
    }

    [Fact]
    public async Task A_heredoc_file_and_the_parents_copy_creates_get_the_epoch_even_without_rewriting()
    {
        var build = await _engine.BuildAsync("FROM scratch\nCOPY <<EOF /made/deep/h.txt\nhi\nEOF\n",
            buildArgs: ["SOURCE_DATE_EPOCH=1700000000"], rewriteTimestamps: false);

        var entries = await _engine.ReadEntriesAsync(build);
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(Epoch, e.Entry.ModificationTime));
    }

    [Fact]
    public async Task Without_an_epoch_the_times_are_the_wall_clock()
    {
        await WriteBaseAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var build = await _engine.BuildAsync(Dockerfile);

        Assert.True(build.Image.Created >= before);
        Assert.True((await _engine.ReadEntriesAsync(build)).Single(e => e.Entry.Name == "a.txt").Entry.ModificationTime > Epoch);
    }

    [Fact]
    public async Task The_environment_gives_the_epoch_when_no_build_arg_does()
    {
        var build = await _engine.BuildAsync("FROM scratch\nENV A=1\n", environment: n => n == "SOURCE_DATE_EPOCH" ? "1700000000" : null);

        Assert.Equal(EpochTime, build.Image.Created);
    }

    [Fact]
    public async Task A_build_arg_wins_over_the_environment()
    {
        var build = await _engine.BuildAsync("FROM scratch\nENV A=1\n", buildArgs: ["SOURCE_DATE_EPOCH=1600000000"],
            environment: n => n == "SOURCE_DATE_EPOCH" ? "1700000000" : null);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), build.Image.Created);
    }

    [Fact]
    public async Task A_global_arg_default_gives_the_epoch_and_a_build_arg_overrides_it()
    {
        const string file = "ARG SOURCE_DATE_EPOCH=1600000000\nFROM scratch\nENV A=1\n";

        var byDefault = await _engine.BuildAsync(file);
        var overridden = await _engine.BuildAsync(file, buildArgs: ["SOURCE_DATE_EPOCH=1700000000"]);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), byDefault.Image.Created);
        Assert.Equal(EpochTime, overridden.Image.Created);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData(" 17")]
    [InlineData("99999999999999999999")]
    public async Task An_invalid_epoch_is_one_error_before_any_step_runs(string value)
    {
        var e = await Assert.ThrowsAsync<HoistException>(() =>
            _engine.BuildAsync("FROM scratch\nRUN write /x x\n", buildArgs: [$"SOURCE_DATE_EPOCH={value}"]));

        Assert.Equal($"invalid SOURCE_DATE_EPOCH \"{value}\": expected a non-negative integer (seconds since 1970-01-01 UTC)", e.Message);
        Assert.Empty(_engine.Runtime.Requests);
    }

    [Fact]
    public async Task A_rebuild_with_the_same_epoch_hits_every_step_and_gives_the_same_digest()
    {
        await WriteBaseAsync();
        var first = await BuildAsync("1700000000");

        var second = await BuildAsync("1700000000");

        Assert.Equal(3, second.Cached.Count);
        Assert.Equal(first.Result.ManifestDigest, second.Result.ManifestDigest);
    }

    [Fact]
    public async Task Another_epoch_or_none_hits_every_step_and_gives_the_image_a_build_without_the_cache_gives()
    {
        await WriteBaseAsync();
        await BuildAsync("1700000000");

        var other = await BuildAsync("1700000001");
        var otherCold = await BuildAsync("1700000001", noCache: true);
        var none = await _engine.BuildAsync(Dockerfile);

        Assert.Equal(3, other.Cached.Count);
        Assert.Equal(otherCold.Result.ImageId, other.Result.ImageId);
        Assert.Equal(otherCold.Result.ManifestDigest, other.Result.ManifestDigest);
        Assert.Equal(3, none.Cached.Count);
        Assert.True((await _engine.ReadEntriesAsync(none)).Single(e => e.Entry.Name.TrimEnd('/') == "w").Entry.ModificationTime > Epoch,
            "without an epoch the layers are kept as made");
    }

    [Fact]
    public async Task Layers_made_before_a_later_epoch_get_that_epoch_for_what_the_build_wrote_as_a_build_after_it_would()
    {
        await WriteBaseAsync();
        var old = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);
        File.SetLastWriteTimeUtc(Path.Combine(_engine.Context, "a.txt"), old.UtcDateTime);
        await BuildAsync("1700000000");
        // A commit after that build: its time is later than every mtime the first build wrote.
        var later = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var warm = await BuildAsync(later);
        var cold = await BuildAsync(later, noCache: true);

        Assert.Equal(3, warm.Cached.Count);
        Assert.Equal(cold.Result.ImageId, warm.Result.ImageId);
        Assert.Equal(cold.Result.ManifestDigest, warm.Result.ManifestDigest);
        var entries = await _engine.ReadEntriesAsync(warm);
        Assert.Equal(long.Parse(later, System.Globalization.CultureInfo.InvariantCulture),
            entries.Single(e => e.Entry.Name.TrimEnd('/') == "b.txt").Entry.ModificationTime);
        Assert.Equal(1_600_000_000, entries.Single(e => e.Entry.Name == "a.txt").Entry.ModificationTime);
    }

    [Fact]
    public async Task A_rebuild_with_the_same_epoch_writes_no_layer_again()
    {
        await WriteBaseAsync();
        await BuildAsync("1700000000");
        var blobs = _engine.Store.EnumerateBlobs().Count();

        var second = await BuildAsync("1700000000");

        Assert.Equal(3, second.Cached.Count);
        Assert.Equal(blobs, _engine.Store.EnumerateBlobs().Count());
    }

    [Fact]
    public async Task Reclaiming_unpacked_layers_keeps_the_directory_a_rewritten_layer_shares_and_drops_only_the_link()
    {
        // WORKDIR reads the COPY's files, so the COPY's layer is kept as a snapshot directory.
        var build = await _engine.BuildAsync("FROM scratch\nCOPY a.txt /a.txt\nWORKDIR /w\n", buildArgs: ["SOURCE_DATE_EPOCH=1700000000"], tags: ["t/x:1"]);
        var snapshots = Hoist.Snapshots.SnapshotStore.For(_engine.Store);
        var made = build.Result.AllCacheEntries.Select(e => e.Layer).OfType<ImageLayer>().Select(l => l.DiffId)
            .Single(d => snapshots.Contains(d) && !snapshots.IsLink(d));
        var rewritten = build.Image.RootFs!.DiffIds[0];
        Assert.NotEqual(made, rewritten);
        Assert.True(snapshots.IsLink(rewritten));

        await new Hoist.Snapshots.LayerReclaimer(_engine.Store).ReclaimAsync([]);

        Assert.True(snapshots.Contains(made), "the image's layer shares this directory");
        Assert.Equal(1_700_000_000, (await _engine.ReadEntriesAsync(build)).Single(e => e.Entry.Name == "a.txt").Entry.ModificationTime);
        await _engine.Store.Names.RemoveAsync(Hoist.Oci.ImageReference.Parse("t/x:1"));
        await new Hoist.Snapshots.LayerReclaimer(_engine.Store).ReclaimAsync([]);
        Assert.False(snapshots.IsLink(rewritten));
        Assert.False(snapshots.Contains(made));
    }

    [Fact]
    public async Task Rewriting_off_keys_the_steps_by_the_epoch()
    {
        await WriteBaseAsync();
        await BuildAsync("1700000000", rewrite: false);

        var other = await BuildAsync("1700000001", rewrite: false);
        var rewritten = await BuildAsync("1700000001");

        Assert.Empty(other.Cached);
        Assert.Empty(rewritten.Cached);
    }

    [Fact]
    public async Task A_run_that_declares_the_epoch_arg_is_keyed_by_it_and_one_that_does_not_is_not()
    {
        const string declares = "FROM scratch\nARG SOURCE_DATE_EPOCH\nRUN write /e.txt $SOURCE_DATE_EPOCH\n";
        const string ignores = "FROM scratch\nRUN write /e.txt e\n";
        await _engine.BuildAsync(declares, buildArgs: ["SOURCE_DATE_EPOCH=1700000000"]);
        await _engine.BuildAsync(ignores, buildArgs: ["SOURCE_DATE_EPOCH=1700000000"]);

        var declared = await _engine.BuildAsync(declares, buildArgs: ["SOURCE_DATE_EPOCH=1700000001"]);
        var ignored = await _engine.BuildAsync(ignores, buildArgs: ["SOURCE_DATE_EPOCH=1700000001"]);

        Assert.Empty(declared.Cached);
        Assert.Single(ignored.Cached);
    }

    [Fact]
    public async Task Two_builds_without_the_cache_give_the_same_image()
    {
        await WriteBaseAsync();

        var first = await BuildAsync("1700000000", noCache: true);
        var second = await BuildAsync("1700000000", noCache: true);

        Assert.Empty(second.Cached);
        Assert.Equal(first.Result.ImageId, second.Result.ImageId);
        Assert.Equal(first.Result.ManifestDigest, second.Result.ManifestDigest);
    }

    [Fact]
    public void The_epoch_build_arg_is_never_reported_as_unused()
    {
        var plan = DockerfileFrontend.Plan("FROM scratch\n", "Dockerfile", new PlanOptions { BuildArgs = ["SOURCE_DATE_EPOCH=1", "X=1"] });

        Assert.Equal(["X"], plan.UnusedBuildArgs);
        Assert.Equal(1, plan.SourceDateEpoch);
    }
}
