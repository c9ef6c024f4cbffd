using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// <c>docker pull</c> into the content store: resolve the reference (mirrors first, then the registry), pick the
/// platform's manifest from an index, download the config and layers the store lacks in parallel, each streamed through
/// a <see cref="BlobWriter"/> that commits only verified bytes, then store the manifest (and index) byte-exact and
/// name the image. A lease is held throughout so garbage collection cannot delete blobs before the name exists.
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

    public async Task<PulledImage> PullAsync(ImageReference reference, Platform? platform, IProgress<TransferProgress>? progress,
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

        var blobs = new List<Descriptor> { manifest.Manifest.Config };
        blobs.AddRange(manifest.Manifest.Layers.Where(l => !IsForeign(l)));
        var downloaded = await DownloadAllAsync(reference, blobs.DistinctBy(b => b.Digest).ToList(), progress, cancellationToken)
            .ConfigureAwait(false);

        // Children before parents: a manifest is stored only once every blob it names is, an index only after its manifest.
        await _store.WriteAsync(manifest, cancellationToken).ConfigureAwait(false);
        if (topDocument is StoredIndex) await _store.WriteAsync(topDocument, cancellationToken).ConfigureAwait(false);
        if (reference.Tag is { } tag)
        {
            await _store.Names.SetAsync(reference.WithTag(tag), topDocument.Digest, cancellationToken).ConfigureAwait(false);
        }
        await new BlobSources(_store).RecordAsync(reference, blobs.Select(b => b.Digest), cancellationToken).ConfigureAwait(false);

        return new PulledImage(reference, topDocument.ToDescriptor(), manifest.ToDescriptor(entry?.Platform), manifest.Manifest.Config,
            manifest.Manifest.Layers)
        {
            BlobsDownloaded = downloaded,
        };
    }

    /// <summary>Downloads the blobs the store lacks, <see cref="_parallelism"/> at a time; returns how many.</summary>
    private async Task<int> DownloadAllAsync(ImageReference reference, IReadOnlyList<Descriptor> blobs, IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        var missing = new List<Descriptor>();
        foreach (var blob in blobs)
        {
            if (_store.SizeOf(blob.Digest) == blob.Size)
            {
                progress?.Report(new TransferProgress(blob, TransferState.AlreadyExists));
            }
            else
            {
                missing.Add(blob);
                progress?.Report(new TransferProgress(blob, TransferState.Waiting));
            }
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(missing, options, async (blob, token) =>
        {
            progress?.Report(new TransferProgress(blob, TransferState.Downloading));
            // The writer hashes and counts too, so the store's own check stands even if the client's were wrong; on any
            // failure it is disposed uncommitted and its temp file deleted: nothing half-written is ever visible.
            await using var writer = _store.BeginWrite(blob.Digest, blob.Size);
            var result = await _client.DownloadBlobAsync(reference, blob.Digest, blob.Size, writer, 0, token).ConfigureAwait(false);
            await writer.CommitAsync(token).ConfigureAwait(false);
            progress?.Report(new TransferProgress(blob, TransferState.Downloaded,
                result.Resumptions > 0 ? $"resumed {result.Resumptions} time{(result.Resumptions == 1 ? "" : "s")}" : null));
        }).ConfigureAwait(false);
        return missing.Count;
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
