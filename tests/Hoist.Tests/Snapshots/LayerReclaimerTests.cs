using Hoist.Oci;
using Hoist.Snapshots;
using Hoist.Tests.Content;

namespace Hoist.Tests.Snapshots;

/// <summary>Unpacked layers no image and no cache entry has are reclaimed (never while a lease is held) and measured.</summary>
public sealed class LayerReclaimerTests : IDisposable
{
    private readonly TestStore _test = new();

    public void Dispose() => _test.Dispose();

    private async Task<Digest> UnpackedAsync(Digest diffId, int bytes)
    {
        await SnapshotStore.For(_test.Store).GetOrUnpackAsync(diffId,
            (directory, _) => File.WriteAllBytesAsync(Path.Combine(directory, "data"), new byte[bytes]), CancellationToken.None);
        return diffId;
    }

    [Fact]
    public async Task Layers_of_no_image_and_no_cache_entry_are_deleted_and_the_others_kept()
    {
        var image = await TestImages.WriteAsync(_test.Store, "app", ["a", "b"]);
        var imageLayer = await UnpackedAsync(image.Config.Config.RootFs.DiffIds[1], 10);
        var cached = await UnpackedAsync(Digest.Sha256("cached"u8), 20);
        var orphan = await UnpackedAsync(Digest.Sha256("orphan"u8), 3000);
        Directory.CreateDirectory(Path.Combine(_test.Root, "snapshots", "tmp", "dead-unpacker"));
        var reclaimer = new LayerReclaimer(_test.Store);

        var usage = await reclaimer.MeasureAsync([cached]);
        var result = await reclaimer.ReclaimAsync([cached]);

        Assert.Equal(new LayerUsage(3, 3030, 1, 3000), usage);
        Assert.Equal([orphan], result.Deleted);
        Assert.Equal(3000, result.BytesFreed);
        var snapshots = SnapshotStore.For(_test.Store);
        Assert.Equal([cached, imageLayer], snapshots.EnumerateLayers().OrderBy(d => d == imageLayer));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_test.Root, "snapshots", "tmp")));
    }

    [Fact]
    public async Task Untagging_the_last_image_makes_its_layers_reclaimable()
    {
        var image = await TestImages.WriteAsync(_test.Store, "app", ["a"]);
        await UnpackedAsync(image.Config.Config.RootFs.DiffIds[0], 10);
        await _test.Store.Names.RemoveAsync(ImageReference.Parse("app"));

        var result = await new LayerReclaimer(_test.Store).ReclaimAsync([]);

        Assert.Equal([image.Config.Config.RootFs.DiffIds[0]], result.Deleted);
        Assert.Empty(SnapshotStore.For(_test.Store).EnumerateLayers());
    }

    [Fact]
    public async Task A_reclaim_waits_for_a_running_build_s_lease()
    {
        var orphan = await UnpackedAsync(Digest.Sha256("in use"u8), 10);
        var lease = await _test.Store.AcquireLeaseAsync();

        var reclaim = new LayerReclaimer(_test.Store).ReclaimAsync([]);
        await Task.Delay(300);

        Assert.False(reclaim.IsCompleted);
        Assert.True(SnapshotStore.For(_test.Store).Contains(orphan));
        lease.Dispose();
        Assert.Equal([orphan], (await reclaim).Deleted);
    }
}
