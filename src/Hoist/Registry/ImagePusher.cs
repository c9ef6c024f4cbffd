using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// <c>docker push</c> from the content store: for each blob of the image, nothing if the repository has it, a
/// cross-repository mount when another repository of that registry is known to hold it, an upload otherwise
/// (monolithic when small, chunked when big); then the manifest with its exact bytes and media type. An index is
/// pushed after each of its manifests, by digest.
/// </summary>
public sealed class ImagePusher
{
    private readonly ContentStore _store;
    private readonly RegistryClient _client;

    public ImagePusher(ContentStore store, RegistryClient client)
    {
        _store = store;
        _client = client;
    }

    /// <summary>Blobs uploaded at once.</summary>
    public int Parallelism { get; init; } = 3;

    /// <summary>Blobs larger than this are sent in PATCH chunks of <see cref="ChunkSize"/> bytes, smaller ones in one PUT.</summary>
    public long ChunkedAbove { get; init; } = 64L << 20;

    public int ChunkSize { get; init; } = 16 << 20;

    /// <summary>
    /// Pushes the image the store knows as <paramref name="source"/> (a name, name@digest or image ID) to
    /// <paramref name="destination"/>, by default the name itself.
    /// </summary>
    public async Task<PushedImage> PushAsync(string source, ImageReference? destination, IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        using var lease = await _store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var local = await _store.ResolveImageAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (destination is null)
        {
            // An image ID (or a prefix of one that happens to parse as a name) says nothing about where to push.
            if (!ImageReference.TryParse(source, out var named, out _) || (named.Digest is null && !local.References.Contains(named)))
            {
                throw new HoistException($"cannot push \"{source}\": give the image a name (hoist tag) or a destination reference");
            }
            destination = named;
        }
        return await PushAsync(local, destination, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pushes <paramref name="local"/>, an image already resolved in the store (a build's result), to
    /// <paramref name="destination"/>.</summary>
    public async Task<PushedImage> PushAsync(LocalImage local, ImageReference destination, IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        using var lease = await _store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var mountCandidates = local.References
            .Where(r => r.Registry == destination.Registry && r.Repository != destination.Repository)
            .Select(r => r.Repository)
            .ToList();

        var manifests = local.Target switch
        {
            StoredManifest single => [single],
            StoredIndex index => await ManifestsOfAsync(index, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException("unreachable"),
        };
        var blobs = manifests.SelectMany(m => m.Manifest.Layers.Prepend(m.Manifest.Config)).DistinctBy(b => b.Digest).ToList();
        var uploaded = await PushBlobsAsync(destination, blobs, mountCandidates, progress, cancellationToken).ConfigureAwait(false);

        if (local.Target is StoredIndex)
        {
            foreach (var manifest in manifests)
            {
                await _client.PutManifestAsync(destination.WithDigest(manifest.Digest), manifest.Bytes, manifest.MediaType, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        await _client.PutManifestAsync(destination, local.Target.Bytes, local.Target.MediaType, cancellationToken).ConfigureAwait(false);
        await new BlobSources(_store).RecordAsync(destination, blobs.Select(b => b.Digest), cancellationToken).ConfigureAwait(false);
        return new PushedImage(destination, local.Target.ToDescriptor()) { BlobsUploaded = uploaded };
    }

    private async Task<IReadOnlyList<StoredManifest>> ManifestsOfAsync(StoredIndex index, CancellationToken cancellationToken)
    {
        var manifests = new List<StoredManifest>();
        foreach (var entry in index.Index.Manifests)
        {
            if (!_store.Contains(entry.Digest))
            {
                throw new HoistException(
                    $"cannot push index {index.Digest}: its manifest {entry.Digest} ({entry.Platform?.ToString() ?? "no platform"}) is not in the store");
            }
            manifests.Add(await _store.ReadDocumentAsync(entry.Digest, cancellationToken).ConfigureAwait(false) as StoredManifest
                ?? throw new HoistException($"cannot push index {index.Digest}: {entry.Digest} is not an image manifest"));
        }
        return manifests;
    }

    private async Task<int> PushBlobsAsync(ImageReference destination, IReadOnlyList<Descriptor> blobs, IReadOnlyList<string> imageRepositories,
        IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var sources = new BlobSources(_store);
        var uploaded = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(blobs, options, async (blob, token) =>
        {
            if (!_store.Contains(blob.Digest)) throw new HoistException($"cannot push: blob {blob.Digest} is not in the store");
            var from = sources.RepositoriesFor(blob.Digest, destination.Registry)
                .Concat(imageRepositories)
                .FirstOrDefault(r => r != destination.Repository);
            var upload = new BlobUploadOptions
            {
                MountFrom = from,
                ChunkSize = blob.Size > ChunkedAbove ? ChunkSize : null,
            };
            progress?.Report(new TransferProgress(blob, TransferState.Uploading));
            var outcome = await _client.UploadBlobAsync(destination, blob.Digest, blob.Size, () => _store.OpenRead(blob.Digest), upload, token)
                .ConfigureAwait(false);
            switch (outcome)
            {
                case BlobUploadOutcome.AlreadyExists:
                    progress?.Report(new TransferProgress(blob, TransferState.AlreadyExists));
                    break;
                case BlobUploadOutcome.Mounted:
                    progress?.Report(new TransferProgress(blob, TransferState.Mounted, from));
                    break;
                default:
                    Interlocked.Increment(ref uploaded);
                    progress?.Report(new TransferProgress(blob, TransferState.Pushed));
                    break;
            }
        }).ConfigureAwait(false);
        return uploaded;
    }
}
