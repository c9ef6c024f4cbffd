using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Snapshots;

/// <summary>
/// The one path by which snapshot layers get their blobs when something needs them (push, save, <c>-o oci|docker</c>,
/// remote cache, attestations): gzip as a build used to write at once, so the exported manifest is the same, then kept
/// (the blob in the store, its descriptor in the layer's recipe) so the next export does not compress again. An image
/// (or every image of an index) gets a new manifest naming the blobs, and its names move to it. Every write is
/// temp-file-and-rename and the names move last, so a kill at any point leaves the store as it was, or done.
/// <paramref name="blobs"/> is the compression (and level) the blobs get (gzip by default); with <paramref name="force"/>
/// (BuildKit's <c>force-compression=true</c>) every blob in another compression, a base image's too, is written again
/// in it (<see cref="LayerRecompression"/>: same tar, so the same diffID and image ID).
/// </summary>
public sealed class SnapshotLayerCompressor(SnapshotLayers layers, LayerWriteOptions? blobs = null, bool force = false)
{
    private readonly Dictionary<Digest, Digest> _replaced = [];
    private readonly LayerWriteOptions _blobs = blobs ?? new LayerWriteOptions();

    private ContentStore Store => layers.Store;

    /// <summary>Every manifest (or index) this compressor replaced, by the digest it had before.</summary>
    public IReadOnlyDictionary<Digest, Digest> Replaced => _replaced;

    /// <summary>The layer with its blob in the store: <paramref name="layer"/> itself unless it is a snapshot layer (or,
    /// when forced, a blob in another compression).</summary>
    public async Task<ImageLayer> CompressAsync(ImageLayer layer, CancellationToken cancellationToken)
    {
        if (Store.Contains(layer.Blob.Digest)) return IsForeign(layer.Blob) ? await RecompressAsync(layer, cancellationToken).ConfigureAwait(false) : layer;
        if (layers.RecipeOf(layer.DiffId) is not { } recipe) return layer;
        var wanted = LayerMediaTypes.For(_blobs.Compression);
        if (recipe.Compressed is { } kept && kept.MediaType == wanted && Store.SizeOf(Digest.Parse(kept.Digest)) == kept.Size)
        {
            return new ImageLayer(kept.ToDescriptor(), layer.DiffId);
        }
        await using var writer = Store.BeginWrite();
        var blob = await Task.Run(() => layers.Write(layer.DiffId, recipe, writer, _blobs with { DockerMediaType = false }, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        var compressed = new CompressedLayerBlob { MediaType = blob.MediaType, Digest = blob.Digest.ToString(), Size = blob.Size };
        layers.SaveRecipe(layer.DiffId, recipe with { Compressed = compressed });
        return new ImageLayer(compressed.ToDescriptor(), layer.DiffId);
    }

    /// <summary>A blob whose compression is not the one forced (a layer type Hoist does not know is left as it is).</summary>
    private bool IsForeign(Descriptor blob) =>
        force && LayerMediaTypes.CompressionOf(blob.MediaType) is { } compression && compression != _blobs.Compression;

    /// <summary>The blob written again in the forced compression, checked against the layer's diffID.</summary>
    private async Task<ImageLayer> RecompressAsync(ImageLayer layer, CancellationToken cancellationToken)
    {
        await using var writer = Store.BeginWrite();
        var blob = await Task.Run(() =>
        {
            using var source = Store.OpenRead(layer.Blob.Digest);
            return LayerRecompression.Recompress(source, writer, _blobs with { DockerMediaType = false }, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
        if (blob.DiffId != layer.DiffId)
        {
            throw new HoistException($"layer {layer.Blob.Digest}: its content is {blob.DiffId}, not the diffID {layer.DiffId} the image names");
        }
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ImageLayer(new Descriptor { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size }, layer.DiffId);
    }

    /// <summary>
    /// The image with every layer a blob: when it (or an image of its index) has snapshot layers, a new manifest naming
    /// their compressed blobs (and a new index over it) is stored and every name (or untagged entry) of the old one moves
    /// to it. The config, so the image ID, stays.
    /// </summary>
    public async Task<ResolvedImage> CompressAsync(ResolvedImage image, CancellationToken cancellationToken)
    {
        if (!await HasSnapshotLayersAsync(image, cancellationToken).ConfigureAwait(false)) return image;
        using var lease = await Store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var target = image.Target switch
        {
            StoredManifest manifest => await CompressAsync(manifest, cancellationToken).ConfigureAwait(false),
            StoredIndex index => await CompressAsync(index, cancellationToken).ConfigureAwait(false),
            _ => image.Target,
        };
        if (target.Digest == image.Target.Digest) return image;
        await MoveNamesAsync(image.Target.Digest, target.Digest, cancellationToken).ConfigureAwait(false);
        return await Store.LoadImageAsync(target.Digest, target is StoredIndex ? image.Config.Config.Platform : null, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>True when the image, or any image of its index, names a layer kept only as a snapshot.</summary>
    public async Task<bool> HasSnapshotLayersAsync(ResolvedImage image, CancellationToken cancellationToken)
    {
        if (image.Manifest.Manifest.Layers.Any(NeedsWork)) return true;
        if (image.Target is not StoredIndex index) return false;
        foreach (var entry in index.Index.Manifests.Where(d => MediaTypes.IsManifest(d.MediaType) && Store.Contains(d.Digest)))
        {
            if (await Store.ReadDocumentAsync(entry.Digest, cancellationToken).ConfigureAwait(false) is StoredManifest manifest
                && manifest.Manifest.Layers.Any(NeedsWork)) return true;
        }
        return false;
    }

    /// <summary>A layer kept only as a snapshot, or a blob in a compression other than the forced one.</summary>
    private bool NeedsWork(Descriptor layer) => layers.IsSnapshotOnly(layer) || IsForeign(layer);

    /// <summary>Compresses the image <paramref name="name"/> finds (see <see cref="CompressAsync(ResolvedImage, CancellationToken)"/>);
    /// a name that finds none is left to the export to report.</summary>
    public async Task CompressAsync(string name, CancellationToken cancellationToken)
    {
        if (await Store.FindImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false) is { } image)
        {
            await CompressAsync(image, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StoredManifest> CompressAsync(StoredManifest manifest, CancellationToken cancellationToken)
    {
        if (!manifest.Manifest.Layers.Any(NeedsWork)) return manifest;
        var config = await Store.ReadConfigAsync(manifest.Manifest.Config.Digest, cancellationToken).ConfigureAwait(false);
        var blobs = new List<Descriptor>();
        var docker = manifest.Manifest.MediaType == MediaTypes.DockerManifest;
        foreach (var layer in Image.Create(manifest, config).Layers)
        {
            var blob = (await CompressAsync(layer, cancellationToken).ConfigureAwait(false)).Blob;
            // A Docker manifest names gzip layers by Docker's type (it has no other; zstd and tar keep the OCI ones).
            blobs.Add(docker && blob.MediaType == LayerMediaTypes.OciTarGzip ? blob with { MediaType = LayerMediaTypes.DockerTarGzip } : blob);
        }
        var compressed = StoredManifest.Create(manifest.Manifest with { Layers = blobs });
        await Store.WriteAsync(compressed, cancellationToken).ConfigureAwait(false);
        _replaced[manifest.Digest] = compressed.Digest;
        return compressed;
    }

    /// <summary>Each image of the index compressed, the index written again over them (platforms and annotations kept).
    /// An attestation names its image's manifest inside its statements, so an index holding one is never rewritten:
    /// a build with attestations compresses before it makes them.</summary>
    private async Task<StoredIndex> CompressAsync(StoredIndex index, CancellationToken cancellationToken)
    {
        var entries = new List<Descriptor>();
        foreach (var entry in index.Index.Manifests)
        {
            if (!MediaTypes.IsManifest(entry.MediaType)
                || await Store.ReadDocumentAsync(entry.Digest, cancellationToken).ConfigureAwait(false) is not StoredManifest manifest)
            {
                entries.Add(entry);
                continue;
            }
            var compressed = await CompressAsync(manifest, cancellationToken).ConfigureAwait(false);
            entries.Add(entry with { Digest = compressed.Digest, Size = compressed.Bytes.LongLength });
        }
        if (entries.SequenceEqual(index.Index.Manifests)) return index;
        if (index.Index.Manifests.Any(d => d.Annotations?.ContainsKey("vnd.docker.reference.digest") == true))
        {
            throw new HoistException($"image {index.Digest}: its attestations name manifests whose layers are not compressed yet; build it again");
        }
        var rewritten = StoredIndex.Create(index.Index with { Manifests = entries });
        await Store.WriteAsync(rewritten, cancellationToken).ConfigureAwait(false);
        _replaced[index.Digest] = rewritten.Digest;
        return rewritten;
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
