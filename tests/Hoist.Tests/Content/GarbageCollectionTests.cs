using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Tests.Content;

public sealed class GarbageCollectionTests : IDisposable
{
    private readonly TestStore _test = new();

    private ContentStore Store => _test.Store;

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task Keeps_everything_named_and_frees_the_rest()
    {
        var kept = await TestImages.WriteAsync(Store, "kept", ["base", "kept-only"]);
        var dropped = await TestImages.WriteAsync(Store, "dropped", ["base", "dropped-only"]);
        var loose = await TestImages.WriteLooseBlobAsync(Store, "nobody refers to me");
        await Store.Names.RemoveAsync(ImageReference.Parse("dropped"));

        var result = await Store.CollectGarbageAsync();

        Assert.All(kept.Blobs, d => Assert.True(Store.Contains(d)));
        var expectedDeleted = new[] { dropped.ManifestDigest, dropped.Id, dropped.Layers[1].Digest, loose.Digest };
        Assert.Equal(expectedDeleted.Order(DigestOrder.Instance), result.Deleted.Select(b => b.Digest).Order(DigestOrder.Instance));
        Assert.All(expectedDeleted, d => Assert.False(Store.Contains(d)));
        Assert.Equal(dropped.Manifest.Size + dropped.Config.Size + dropped.Layers[1].Size + loose.Size, result.BytesFreed);
        Assert.Equal(kept.Blobs.Count(), Store.EnumerateBlobs().Count());
    }

    [Fact]
    public async Task Index_keeps_its_manifests_and_their_blobs()
    {
        var amd = await TestImages.WriteAsync(Store, null, ["amd"], platform: Platform.Parse("linux/amd64"));
        var arm = await TestImages.WriteAsync(Store, null, ["arm"], platform: Platform.Parse("linux/arm64"));
        var index = await TestImages.WriteIndexAsync(Store, "multi", (amd, Platform.Parse("linux/amd64")), (arm, Platform.Parse("linux/arm64")));

        var result = await Store.CollectGarbageAsync();

        Assert.Empty(result.Deleted);
        Assert.True(Store.Contains(index.Digest));
        Assert.All(amd.Blobs.Concat(arm.Blobs), d => Assert.True(Store.Contains(d)));
    }

    [Fact]
    public async Task Extra_roots_are_kept()
    {
        var image = await TestImages.WriteAsync(Store, null, ["cached"]);
        var cacheOnly = await TestImages.WriteLooseBlobAsync(Store, "cache record");

        var result = await Store.CollectGarbageAsync([image.ManifestDigest, cacheOnly.Digest]);

        Assert.Empty(result.Deleted);
    }

    [Fact]
    public async Task Dead_writers_temp_files_are_collected_too()
    {
        var leftover = Path.Combine(_test.IngestDirectory, "dead.tmp");
        await File.WriteAllTextAsync(leftover, "partial");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow - ContentStore.StaleIngestAge - TimeSpan.FromSeconds(1));

        var result = await Store.CollectGarbageAsync();

        Assert.Equal(1, result.TempFilesRemoved);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task Usage_splits_referenced_from_reclaimable()
    {
        var image = await TestImages.WriteAsync(Store, "app", ["l1", "l2"]);
        var loose = await TestImages.WriteLooseBlobAsync(Store, "garbage!");

        var usage = await Store.MeasureAsync();

        Assert.Equal(5, usage.BlobCount);
        Assert.Equal(4, usage.ReferencedCount);
        Assert.Equal(image.Size + image.Manifest.Size, usage.ReferencedBytes);
        Assert.Equal(1, usage.ReclaimableCount);
        Assert.Equal(loose.Size, usage.ReclaimableBytes);
    }

    [Fact]
    public async Task Deleting_untagged_images_leaves_unrelated_garbage_and_shared_layers()
    {
        var kept = await TestImages.WriteAsync(Store, "kept", ["shared"]);
        var removed = await TestImages.WriteAsync(Store, "removed", ["shared", "own"]);
        var unrelated = await TestImages.WriteLooseBlobAsync(Store, "unrelated");
        await Store.Names.RemoveAsync(ImageReference.Parse("removed"));

        var result = await Store.DeleteIfUnreferencedAsync([removed.ManifestDigest]);

        Assert.Equal(3, result.Deleted.Count);
        Assert.True(Store.Contains(unrelated.Digest));
        Assert.True(Store.Contains(kept.Layers[0].Digest));
        Assert.False(Store.Contains(removed.Layers[1].Digest));
    }

    [Fact]
    public async Task Collection_waits_for_leases_so_a_build_in_progress_keeps_its_blobs()
    {
        var lease = await Store.AcquireLeaseAsync();
        var collection = Store.CollectGarbageAsync();
        // The build writes and names its image while holding the lease; the collection must not have run yet.
        var image = await TestImages.WriteAsync(Store, "built", ["fresh layer"]);
        Assert.False(collection.IsCompleted);

        lease.Dispose();
        var result = await collection;

        Assert.Empty(result.Deleted);
        Assert.All(image.Blobs, d => Assert.True(Store.Contains(d)));
    }

    private sealed class DigestOrder : IComparer<Digest>
    {
        public static DigestOrder Instance { get; } = new();

        public int Compare(Digest x, Digest y) => string.CompareOrdinal(x.ToString(), y.ToString());
    }
}
