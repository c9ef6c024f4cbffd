using System.Globalization;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// <c>docker pull</c> into the content store: resolve the reference (mirrors first, then the registry), pick the
/// platform's manifest from an index, fetch the config, download the layers the store lacks in parallel, each streamed
/// through a <see cref="BlobWriter"/> that commits only verified bytes (digest, size, and the diffID the config gives
/// it, hashed as the layer arrives), then store the config, the manifest (and index) byte-exact and name the image. A lease is held throughout so garbage collection cannot delete blobs before the name exists.
/// </summary>
public sealed class ImagePuller : IImagePuller
{
    private readonly ContentStore _store;
    private readonly RegistryClient _client;
    private readonly int _parallelism;

    /// <param name="parallelism">Blobs downloaded at once (docker's default is 3).</param>
    public ImagePuller(ContentStore store, RegistryClient client, int parallelism = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _store = store;
        _client = client;
        _parallelism = parallelism;
    }

    /// <summary>Reads each downloading layer in the pull's one decompression of it (e.g. a build's unpack); null: hash only.</summary>
    public IPulledLayerReader? LayerReader { get; init; }

    public async Task<ImagePull> PullAsync(ImageReference reference, Platform? platform, IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        platform ??= Platform.Host;
        using var lease = await _store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);

        var top = await _client.GetManifestAsync(reference, MediaTypes.ManifestAcceptTypes, cancellationToken).ConfigureAwait(false);
        var topDocument = Parse(reference, top);
        StoredManifest manifest;
        Descriptor? entry = null;
        switch (topDocument)
        {
            case StoredManifest single:
                manifest = single;
                break;
            case StoredIndex:
                entry = PlatformManifestSelector.Select(top.Bytes, platform)
                    ?? throw new HoistException($"{reference.Familiar}: no matching manifest for {platform} in the manifest list entries");
                var chosen = await _client.GetManifestAsync(reference.WithDigest(entry.Digest), MediaTypes.ManifestAcceptTypes, cancellationToken)
                    .ConfigureAwait(false);
                manifest = Parse(reference, chosen) as StoredManifest
                    ?? throw new HoistException($"{reference.Familiar}: {entry.Digest} for {platform} is not an image manifest");
                break;
            default:
                throw new InvalidOperationException("unreachable");
        }

        // The config comes first and is kept in memory until every layer has matched its diffID: a lying image leaves
        // nothing in the store.
        var configStored = _store.SizeOf(manifest.Manifest.Config.Digest) == manifest.Manifest.Config.Size;
        var config = await FetchConfigAsync(reference, manifest.Manifest.Config, cancellationToken).ConfigureAwait(false);
        var ordered = ExpectedDiffIds(reference, manifest, config);
        var layers = ordered.DistinctBy(l => (l.Blob.Digest, l.DiffId)).ToList();
        var downloaded = await DownloadAllAsync(reference, ordered, layers, progress, cancellationToken).ConfigureAwait(false)
            + (configStored ? 0 : 1);
        await _store.WriteAsync(config, cancellationToken).ConfigureAwait(false);
        var blobs = layers.Select(l => l.Blob).Prepend(manifest.Manifest.Config).ToList();

        // Children before parents: a manifest is stored only once every blob it names is, an index only after its manifest.
        await _store.WriteAsync(manifest, cancellationToken).ConfigureAwait(false);
        if (topDocument is StoredIndex) await _store.WriteAsync(topDocument, cancellationToken).ConfigureAwait(false);
        if (reference.Tag is { } tag)
        {
            await _store.Names.SetAsync(reference.WithTag(tag), topDocument.Digest, cancellationToken).ConfigureAwait(false);
        }
        await new BlobSources(_store).RecordAsync(reference, blobs.Select(b => b.Digest), cancellationToken).ConfigureAwait(false);

        return new ImagePull(new ResolvedImage(topDocument, manifest, config, [reference]), downloaded);
    }

    private async Task<StoredConfig> FetchConfigAsync(ImageReference reference, Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (_store.SizeOf(descriptor.Digest) == descriptor.Size)
        {
            return await _store.ReadConfigAsync(descriptor.Digest, cancellationToken).ConfigureAwait(false);
        }
        if (descriptor.Size > MaxConfigSize) throw new HoistException($"{reference.Familiar}: config of {descriptor.Size} bytes is too large");
        using var buffer = new MemoryStream();
        await _client.DownloadBlobAsync(reference, descriptor.Digest, descriptor.Size, buffer, 0, cancellationToken).ConfigureAwait(false);
        try
        {
            return StoredConfig.FromBytes(buffer.ToArray());
        }
        catch (HoistException e)
        {
            throw new HoistException($"{reference.Familiar}: config {descriptor.Digest}: {e.Message}", e);
        }
    }

    private const long MaxConfigSize = 64L << 20;

    /// <summary>The image's layers bottom first, each with the diffID the config gives it (foreign layers are not fetched).</summary>
    private static List<ImageLayer> ExpectedDiffIds(ImageReference reference, StoredManifest manifest, StoredConfig config)
    {
        var diffIds = config.Config.RootFs.DiffIds;
        var blobs = manifest.Manifest.Layers;
        if (diffIds.Count != blobs.Count)
        {
            throw new HoistException($"{reference.Familiar}: the manifest has {blobs.Count} layers but the config {diffIds.Count} diffIDs");
        }
        return [.. blobs.Zip(diffIds, (blob, diffId) => new ImageLayer(blob, diffId)).Where(l => !IsForeign(l.Blob))];
    }

    /// <summary>
    /// Downloads the layers the store lacks, <see cref="_parallelism"/> at a time, each decompressed and hashed as it
    /// arrives and committed only when its diffID matches; layers already stored are checked from the store. Returns how
    /// many were downloaded.
    /// </summary>
    private async Task<int> DownloadAllAsync(ImageReference reference, List<ImageLayer> ordered, IReadOnlyList<ImageLayer> layers,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var missing = new List<ImageLayer>();
        foreach (var layer in layers)
        {
            var present = _store.SizeOf(layer.Blob.Digest) == layer.Blob.Size;
            if (!present) missing.Add(layer);
            progress?.Report(new TransferProgress(layer.Blob, present ? TransferState.AlreadyExists : TransferState.Waiting));
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(layers.Except(missing), options, (layer, token) =>
            new ValueTask(Task.Run(() => VerifyStored(reference, layer.Blob.Digest, layer.DiffId), token))).ConfigureAwait(false);
        await Parallel.ForEachAsync(missing, options, async (layer, token) =>
        {
            var blob = layer.Blob;
            progress?.Report(new TransferProgress(blob, TransferState.Downloading));
            // The writer hashes and counts too, so the store's own check stands even if the client's were wrong; on any
            // failure it is disposed uncommitted and its temp file deleted: nothing half-written is ever visible.
            await using var writer = _store.BeginWrite(blob.Digest, blob.Size);
            TimeSpan? unpackedIn = null;
            await using var verifying = LayerReader is not { } reader ? new DiffIdWriteStream(writer) : new DiffIdWriteStream(writer, async compressed =>
            {
                var arrived = await reader.ReadAsync(new ArrivingLayer(reference, ordered, ordered.IndexOf(layer), missing.Count == layers.Count),
                    compressed, token).ConfigureAwait(false);
                unpackedIn = arrived.UnpackedIn;
                return arrived.DiffId;
            });
            var result = await _client.DownloadBlobAsync(reference, blob.Digest, blob.Size, verifying, 0, token).ConfigureAwait(false);
            var diffId = await verifying.CompleteAsync().ConfigureAwait(false);
            if (diffId != layer.DiffId) throw new DiffIdMismatchException(blob.Digest, diffId, layer.DiffId, reference.Familiar);
            await writer.CommitAsync(token).ConfigureAwait(false);
            progress?.Report(new TransferProgress(blob, TransferState.Downloaded,
                result.Resumptions > 0 ? $"resumed {result.Resumptions} time{(result.Resumptions == 1 ? "" : "s")}" : null));
            if (unpackedIn is { } elapsed)
            {
                progress?.Report(new TransferProgress(blob, TransferState.Extracted, elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"));
            }
        }).ConfigureAwait(false);
        return missing.DistinctBy(l => l.Blob.Digest).Count();
    }

    private void VerifyStored(ImageReference reference, Digest blob, Digest diffId)
    {
        using var stored = _store.OpenRead(blob);
        UncompressedDigest.Verify(stored, blob, diffId, reference.Familiar);
    }

    private static StoredDocument Parse(ImageReference reference, RegistryManifest fetched)
    {
        try
        {
            var document = StoredDocument.Parse(fetched.Bytes);
            // mediaType is optional in an OCI body; then the registry's Content-Type says what the document is.
            if (document is StoredManifest m && m.Manifest.MediaType is null && MediaTypes.IsManifest(fetched.MediaType))
            {
                return m with { MediaType = fetched.MediaType };
            }
            if (document is StoredIndex i && i.Index.MediaType is null && MediaTypes.IsIndex(fetched.MediaType))
            {
                return i with { MediaType = fetched.MediaType };
            }
            return document;
        }
        catch (HoistException e)
        {
            throw new HoistException($"{reference.Familiar}: {e.Message}", e);
        }
    }

    /// <summary>Foreign (non-distributable) layers live at their URLs, not in the registry: docker skips them too.</summary>
    private static bool IsForeign(Descriptor layer) =>
        layer.MediaType is MediaTypes.DockerForeignLayerGzip or MediaTypes.OciLayerNondistributableGzip && layer.Urls is { Count: > 0 };
}
