using Hoist.Analysis;
using Hoist.Building.Cache.Misses;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Building.Cache;

/// <summary>
/// <c>hoist prune</c> with the build cache: drops the entries <see cref="CachePruneOptions"/> selects (and any torn or
/// garbage entry file), then collects every blob reachable neither from an image name nor from a remaining entry.
/// The collection holds the store's exclusive lock, so it waits for running builds, and the entries it keeps are read
/// under that lock: a blob a surviving entry points at is never deleted. Unpacked layers nothing references go too.
/// </summary>
public sealed class CachePruner(ContentStore store)
{
    private readonly CacheIndex _index = new(store.Root);
    private readonly SnapshotLayers _snapshotLayers = new(store);

    public async Task<CachePruneResult> PruneAsync(CachePruneOptions options, DateTimeOffset? now = null, CancellationToken cancellationToken = default)
    {
        var removed = _index.RemoveInvalid();
        var entries = _index.Enumerate().OrderByDescending(e => e.LastUsed).ToList();
        var drop = new HashSet<Digest>();
        var at = now ?? DateTimeOffset.UtcNow;
        foreach (var entry in entries)
        {
            if (entry.Layer is { } layer && !Present(layer.Blob)) drop.Add(entry.Key);
        }
        if (options.UnusedFor is null && options.KeepStorage is null)
        {
            drop.UnionWith(entries.Select(e => e.Key));
        }
        if (options.UnusedFor is { } unusedFor)
        {
            drop.UnionWith(entries.Where(e => e.LastUsed < at - unusedFor).Select(e => e.Key));
        }
        if (options.KeepStorage is { } keep)
        {
            // Most recently used first; once the distinct blobs kept exceed the budget, every older layer entry goes.
            var kept = new HashSet<Digest>();
            long size = 0;
            foreach (var entry in entries.Where(e => !drop.Contains(e.Key) && e.Layer is not null))
            {
                var blob = entry.Layer!.Blob;
                if (!kept.Contains(blob.Digest) && size + blob.Size > keep)
                {
                    drop.Add(entry.Key);
                    continue;
                }
                if (kept.Add(blob.Digest)) size += blob.Size;
            }
        }
        foreach (var key in drop)
        {
            if (_index.Remove(key)) removed++;
        }
        var collection = await store.CollectGarbageAsync(ReferencedBlobs(), cancellationToken).ConfigureAwait(false);
        var layers = await new LayerReclaimer(store).ReclaimAsync(ReferencedDiffIds(), cancellationToken).ConfigureAwait(false);
        // Analysis records and rewritten-layer records of blobs the collection deleted go with them.
        var records = LayerRecordCache.UnderStateRoot(store.Root).Prune(PresentBlob);
        ClampedLayers.Prune(store.Root, PresentBlob);
        GzipMemberRecords.Prune(store.Root, PresentBlob);
        return new CachePruneResult(removed, entries.Count - drop.Count, collection)
        {
            Layers = layers, AnalysisBytesFreed = records, MissRecordBytesFreed = PruneMissRecords(options, at),
        };
    }

    /// <summary>The records miss explanations compare with go with the entries: all of them, or those not written for
    /// <c>until</c>; <c>--keep-storage</c> alone keeps them (they are small and hold no layer).</summary>
    private long PruneMissRecords(CachePruneOptions options, DateTimeOffset at)
    {
        if (options.UnusedFor is null && options.KeepStorage is not null) return 0;
        return new StepRecordStore(store.Root).Prune(options.UnusedFor, at);
    }

    /// <summary>The layer blobs cache entries point at, read when enumerated (by the collector, under its lock).</summary>
    public IEnumerable<Digest> ReferencedBlobs() => _index.Enumerate().Select(e => e.Layer?.Blob.Digest).OfType<Digest>();

    /// <summary>The diffIDs of the layers cache entries point at: their unpacked directories stay.</summary>
    public IEnumerable<Digest> ReferencedDiffIds() => _index.Enumerate().Select(e => e.Layer?.DiffId).OfType<Digest>();

    /// <summary>A layer is there as a blob, or kept only as its snapshot.</summary>
    private bool Present(Descriptor blob) => PresentBlob(blob.Digest);

    private bool PresentBlob(Digest blob) => store.SizeOf(blob) is not null || _snapshotLayers.Contains(blob);

    public CacheUsage Measure()
    {
        var entries = _index.Enumerate().ToList();
        var blobs = entries.Where(e => e.Layer is not null).Select(e => e.Layer!.Blob).DistinctBy(b => b.Digest)
            .Where(Present).ToList();
        var (records, recordBytes) = new StepRecordStore(store.Root).Measure();
        return new CacheUsage(entries.Count, blobs.Count, blobs.Sum(b => b.Size)) { MissRecords = records, MissRecordBytes = recordBytes };
    }
}
