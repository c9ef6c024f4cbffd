using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Snapshots;

/// <summary>
/// Unpacked layers nothing references any more: no image in the store (by any name) and no build cache entry has their
/// diffID. <c>hoist rmi</c> and <c>hoist prune</c> delete them; <c>hoist du</c> counts them.
/// </summary>
public sealed class LayerReclaimer(ContentStore store)
{
    private readonly SnapshotStore _snapshots = SnapshotStore.For(store);

    /// <summary>
    /// Deletes the unreferenced layers. Holds the store's collection lock, so it waits for running builds and runs
    /// (which hold leases while they use layers), and <paramref name="cacheDiffIds"/> is read under it.
    /// </summary>
    public async Task<LayerReclaimResult> ReclaimAsync(IEnumerable<Digest> cacheDiffIds, CancellationToken cancellationToken = default)
    {
        using var exclusive = await store.AcquireCollectionLockAsync(cancellationToken).ConfigureAwait(false);
        var keep = await ReferencedAsync(cacheDiffIds, cancellationToken).ConfigureAwait(false);
        var deleted = _snapshots.DeleteLayersExcept(keep);
        var snapshotLayers = new SnapshotLayers(store, _snapshots);
        foreach (var (diffId, _) in deleted) snapshotLayers.ForgetRecipe(diffId);
        return new LayerReclaimResult([.. deleted.Select(d => d.DiffId)], deleted.Sum(d => d.Bytes));
    }

    /// <summary>Unpacked layers present and how many of them (and of their bytes) nothing references.</summary>
    public async Task<LayerUsage> MeasureAsync(IEnumerable<Digest> cacheDiffIds, CancellationToken cancellationToken = default)
    {
        var keep = await ReferencedAsync(cacheDiffIds, cancellationToken).ConfigureAwait(false);
        var layers = _snapshots.EnumerateLayers().Select(d => (DiffId: d, Bytes: DiskUsage.Of(_snapshots.PathFor(d)))).ToList();
        var unreferenced = layers.Where(l => !keep.Contains(l.DiffId)).ToList();
        var snapshotLayers = new SnapshotLayers(store, _snapshots);
        var snapshotOnly = layers.Count(l => snapshotLayers.RecipeOf(l.DiffId) is { } recipe
            && !(recipe.Compressed is { } blob && store.Contains(Digest.Parse(blob.Digest))));
        return new LayerUsage(layers.Count, layers.Sum(l => l.Bytes), unreferenced.Count, unreferenced.Sum(l => l.Bytes), snapshotOnly);
    }

    private async Task<HashSet<Digest>> ReferencedAsync(IEnumerable<Digest> cacheDiffIds, CancellationToken cancellationToken)
    {
        var keep = await store.NamedDiffIdsAsync(cancellationToken).ConfigureAwait(false);
        keep.UnionWith(cacheDiffIds);
        // A kept layer that shares another's directory keeps that one too.
        var layers = new SnapshotLayers(store, _snapshots);
        foreach (var diffId in keep.Where(_snapshots.IsLink).ToList())
        {
            if (layers.RecipeOf(diffId)?.Source is { } source && Digest.TryParse(source, out var shared)) keep.Add(shared);
        }
        return keep;
    }
}
