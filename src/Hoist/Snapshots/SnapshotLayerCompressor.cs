using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Snapshots;

/// <summary>
/// Makes the blobs of snapshot layers when an export needs them (push, save, <c>-o oci|docker</c>, remote cache): gzip as
/// a build used to write at once, so the exported manifest is the same, then kept (the blob in the store, its
/// descriptor in the layer's recipe) so the next export does not compress again. Every write is temp-file-and-rename
/// and the names move to the new manifest last, so a kill at any point leaves the store as it was, or done.
/// </summary>
public sealed class SnapshotLayerCompressor(SnapshotLayers layers)
{
    private ContentStore Store => layers.Store;

    /// <summary>The layer with its blob in the store: <paramref name="layer"/> itself unless it is a snapshot layer.</summary>
    public async Task<ImageLayer> CompressAsync(ImageLayer layer, CancellationToken cancellationToken)
    {
        if (Store.Contains(layer.Blob.Digest) || layers.RecipeOf(layer.DiffId) is not { } recipe) return layer;
        if (recipe.Compressed is { } kept && Store.SizeOf(Digest.Parse(kept.Digest)) == kept.Size) return new ImageLayer(kept.ToDescriptor(), layer.DiffId);
        await using var writer = Store.BeginWrite();
        var blob = await Task.Run(() => layers.Write(layer.DiffId, recipe, writer, new LayerWriteOptions(), cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        var compressed = new CompressedLayerBlob { MediaType = blob.MediaType, Digest = blob.Digest.ToString(), Size = blob.Size };
        layers.SaveRecipe(layer.DiffId, recipe with { Compressed = compressed });
        return new ImageLayer(compressed.ToDescriptor(), layer.DiffId);
    }

    /// <summary>
    /// The image with every layer a blob: when it has snapshot layers, a new manifest naming their compressed blobs is
    /// stored and every name (or untagged entry) of the old one moves to it. The config, so the image ID, stays.
    /// </summary>
    public async Task<LocalImage> CompressAsync(LocalImage image, CancellationToken cancellationToken)
    {
        if (!HasSnapshotLayers(image)) return image;
        var old = image.Manifest.Manifest.Layers;
        if (image.Target is not StoredManifest) throw new HoistException($"image {image.Id}: an index over layers not yet compressed cannot be exported");
        using var lease = await Store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var diffIds = image.Config.Config.RootFs.DiffIds;
        var blobs = new List<Descriptor>();
        for (var i = 0; i < old.Count; i++)
        {
            blobs.Add((await CompressAsync(new ImageLayer(old[i], diffIds[i]), cancellationToken).ConfigureAwait(false)).Blob);
        }
        var manifest = StoredManifest.Create(image.Manifest.Manifest with { Layers = blobs });
        await Store.WriteAsync(manifest, cancellationToken).ConfigureAwait(false);
        await MoveNamesAsync(image.Target.Digest, manifest.Digest, cancellationToken).ConfigureAwait(false);
        return new LocalImage(manifest, manifest, image.Config, image.References);
    }

    public bool HasSnapshotLayers(LocalImage image) => image.Manifest.Manifest.Layers.Any(layers.IsSnapshotOnly);

    /// <summary>Compresses the image <paramref name="name"/> finds (see <see cref="CompressAsync(LocalImage, CancellationToken)"/>);
    /// a name that finds none is left to the export to report.</summary>
    public async Task CompressAsync(string name, CancellationToken cancellationToken)
    {
        if (await Store.FindImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false) is { } image)
        {
            await CompressAsync(image, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MoveNamesAsync(Digest from, Digest to, CancellationToken cancellationToken)
    {
        foreach (var name in Store.Names.List().Where(n => n.Digest == from))
        {
            await Store.Names.SetAsync(name.Reference, to, cancellationToken).ConfigureAwait(false);
        }
        if (!Store.Names.ListUntagged().Contains(from)) return;
        await Store.Names.AddUntaggedAsync(to, cancellationToken).ConfigureAwait(false);
        await Store.Names.RemoveUntaggedAsync(from, cancellationToken).ConfigureAwait(false);
    }
}
