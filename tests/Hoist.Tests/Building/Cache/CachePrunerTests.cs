using Hoist.Building.Cache;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Tests.Content;

namespace Hoist.Tests.Building.Cache;

/// <summary>hoist prune and the build cache: entries are GC roots until prune drops them.</summary>
public sealed class CachePrunerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-cache-prune-").FullName;
    private readonly ContentStore _store;
    private readonly CacheIndex _index;

    public CachePrunerTests()
    {
        _store = ContentStore.Open(_root);
        _index = new CacheIndex(_root);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<BlobInfo> CachedLayerAsync(string text, DateTime lastUsed)
    {
        var blob = await TestImages.WriteLooseBlobAsync(_store, text);
        var key = Digest.Sha256(System.Text.Encoding.UTF8.GetBytes("key " + text));
        _index.Put(new CacheEntry(key, DateTimeOffset.UtcNow,
            new ImageLayer(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = blob.Digest, Size = blob.Size }, blob.Digest)));
        File.SetLastWriteTimeUtc(_index.PathOf(key), lastUsed);
        return blob;
    }

    [Fact]
    public async Task Cache_entries_keep_their_blobs_from_garbage_collection()
    {
        var cached = await CachedLayerAsync("layer", DateTime.UtcNow);
        var loose = await TestImages.WriteLooseBlobAsync(_store, "loose");
        var collection = await _store.CollectGarbageAsync(new CachePruner(_store).ReferencedBlobs());
        Assert.Equal([loose.Digest], collection.Deleted.Select(b => b.Digest));
        Assert.True(_store.Contains(cached.Digest));
        Assert.Equal(new CacheUsage(1, 1, cached.Size), new CachePruner(_store).Measure());
    }

    [Fact]
    public async Task Prune_without_options_drops_every_entry_and_its_blobs()
    {
        var cached = await CachedLayerAsync("layer", DateTime.UtcNow);
        var result = await new CachePruner(_store).PruneAsync(new CachePruneOptions());
        Assert.Equal(1, result.EntriesRemoved);
        Assert.False(_store.Contains(cached.Digest));
        Assert.Empty(_index.Enumerate());
    }

    [Fact]
    public async Task Prune_forgets_rewritten_layers_whose_blob_is_gone_and_keeps_the_others()
    {
        var kept = await CachedLayerAsync("kept", DateTime.UtcNow);
        var records = Path.Combine(_root, "cache", "clamped", "sha256");
        Directory.CreateDirectory(records);
        var gone = Digest.Sha256(System.Text.Encoding.UTF8.GetBytes("gone"));
        File.WriteAllText(Path.Combine(records, "a-1-0"), $"{MediaTypes.OciLayerGzip} {gone} 4 {gone}");
        File.WriteAllText(Path.Combine(records, "b-1-0"), $"{MediaTypes.OciLayerGzip} {kept.Digest} {kept.Size} {kept.Digest}");
        File.WriteAllText(Path.Combine(records, "c-1-0"), "torn");
        await new CachePruner(_store).PruneAsync(new CachePruneOptions { UnusedFor = TimeSpan.FromDays(1) });
        Assert.True(_store.Contains(kept.Digest));
        Assert.Equal(["b-1-0"], Directory.EnumerateFiles(records).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Until_drops_only_entries_unused_for_that_long()
    {
        var old = await CachedLayerAsync("old", DateTime.UtcNow.AddDays(-3));
        var recent = await CachedLayerAsync("recent", DateTime.UtcNow.AddHours(-1));
        var result = await new CachePruner(_store).PruneAsync(CachePruneOptions.Parse(["until=24h"], null));
        Assert.Equal((1, 1), (result.EntriesRemoved, result.EntriesKept));
        Assert.False(_store.Contains(old.Digest));
        Assert.True(_store.Contains(recent.Digest));
    }

    [Fact]
    public async Task Keep_storage_keeps_the_most_recently_used_within_the_budget()
    {
        var oldest = await CachedLayerAsync(new string('a', 1000), DateTime.UtcNow.AddHours(-3));
        var middle = await CachedLayerAsync(new string('b', 1000), DateTime.UtcNow.AddHours(-2));
        var newest = await CachedLayerAsync(new string('c', 1000), DateTime.UtcNow.AddHours(-1));
        await new CachePruner(_store).PruneAsync(CachePruneOptions.Parse([], "2100"));
        Assert.False(_store.Contains(oldest.Digest));
        Assert.True(_store.Contains(middle.Digest));
        Assert.True(_store.Contains(newest.Digest));
    }

    [Fact]
    public async Task Entries_whose_blob_is_gone_are_dropped_and_never_hit()
    {
        var cached = await CachedLayerAsync("layer", DateTime.UtcNow);
        File.Delete(_store.BlobPath(cached.Digest));
        var key = Digest.Sha256("key layer"u8);
        Assert.Null(new BuildCache(_store).Lookup(key, mayUse: true));
        var result = await new CachePruner(_store).PruneAsync(CachePruneOptions.Parse([], "1GB"));
        Assert.Equal(1, result.EntriesRemoved);
    }

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("512MB", 512L << 20)]
    [InlineData("2g", 2L << 30)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("10kb", 10240L)]
    public void Sizes_parse_as_docker_does(string text, long bytes) => Assert.Equal(bytes, CachePruneOptions.ParseSize(text));

    [Theory]
    [InlineData("until")]
    [InlineData("label=x")]
    [InlineData("until=soon")]
    public void Bad_filters_are_user_errors(string filter) =>
        Assert.Throws<HoistException>(() => CachePruneOptions.Parse([filter], null));
}
