using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// <c>docker push</c> and <c>--push</c>: the image, already in <paramref name="store"/>, pushed to
/// <paramref name="destination"/> (go-containerregistry's <c>remote.Write</c>). For each blob, nothing if the
/// repository has it, a cross-repository mount when another repository of that registry is known to hold it, an upload
/// otherwise (monolithic when small, chunked when big); then the manifest with its exact bytes and media type. An index
/// is pushed after each of its manifests, by digest.
/// </summary>
public sealed class RegistrySink(ContentStore store, RegistryClient client, ImageReference destination, IProgress<TransferProgress>? progress)
    : IImageSink
{
    /// <summary>Blobs uploaded at once.</summary>
    public int Parallelism { get; init; } = 3;

    /// <summary>Blobs larger than this are sent in PATCH chunks of <see cref="ChunkSize"/> bytes, smaller ones in one PUT.</summary>
    public long ChunkedAbove { get; init; } = 64L << 20;

    public int ChunkSize { get; init; } = 16 << 20;

    public string Title => $"pushing {destination.Familiar}";

    /// <summary>
    /// Where <c>hoist push SOURCE</c> pushes when given no destination: the name itself, if it names the image. An
    /// image ID (or a prefix of one that happens to parse as a name) says nothing about where to push.
    /// </summary>
    public static ImageReference DestinationOf(string source, ResolvedImage image) =>
        ImageReference.TryParse(source, out var named, out _) && (named.Digest is not null || image.References.Contains(named))
            ? named
            : throw new HoistException($"cannot push \"{source}\": give the image a name (hoist tag) or a destination reference");

    public async Task<ImageExport> WriteAsync(ResolvedImage image, CancellationToken cancellationToken)
    {
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var mountCandidates = image.References
            .Where(r => r.Registry == destination.Registry && r.Repository != destination.Repository)
            .Select(r => r.Repository)
            .ToList();
        var manifests = image.Target switch
        {
            StoredManifest single => [single],
            StoredIndex index => await ManifestsOfAsync(index, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException("unreachable"),
        };
        var blobs = manifests.SelectMany(m => m.Manifest.Layers.Prepend(m.Manifest.Config)).DistinctBy(b => b.Digest).ToList();
        var uploaded = await PushBlobsAsync(blobs, mountCandidates, cancellationToken).ConfigureAwait(false);

        if (image.Target is StoredIndex)
        {
            foreach (var manifest in manifests)
            {
                await client.PutManifestAsync(destination.WithDigest(manifest.Digest), manifest.Bytes, manifest.MediaType, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        await client.PutManifestAsync(destination, image.Target.Bytes, image.Target.MediaType, cancellationToken).ConfigureAwait(false);
        await new BlobSources(store).RecordAsync(destination, blobs.Select(b => b.Digest), cancellationToken).ConfigureAwait(false);
        return new ImageExport($"pushing manifest for {destination}@{image.Target.Digest}") { BlobsUploaded = uploaded };
    }

    private async Task<IReadOnlyList<StoredManifest>> ManifestsOfAsync(StoredIndex index, CancellationToken cancellationToken)
    {
        var manifests = new List<StoredManifest>();
        foreach (var entry in index.Index.Manifests)
        {
            if (!store.Contains(entry.Digest))
            {
                throw new HoistException(
                    $"cannot push index {index.Digest}: its manifest {entry.Digest} ({entry.Platform?.ToString() ?? "no platform"}) is not in the store");
            }
            manifests.Add(await store.ReadDocumentAsync(entry.Digest, cancellationToken).ConfigureAwait(false) as StoredManifest
                ?? throw new HoistException($"cannot push index {index.Digest}: {entry.Digest} is not an image manifest"));
        }
        return manifests;
    }

    private async Task<int> PushBlobsAsync(IReadOnlyList<Descriptor> blobs, IReadOnlyList<string> imageRepositories, CancellationToken cancellationToken)
    {
        var sources = new BlobSources(store);
        var uploaded = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(blobs, options, async (blob, token) =>
        {
            if (!store.Contains(blob.Digest)) throw new HoistException($"cannot push: blob {blob.Digest} is not in the store");
            var from = sources.RepositoriesFor(blob.Digest, destination.Registry)
                .Concat(imageRepositories)
                .FirstOrDefault(r => r != destination.Repository);
            var upload = new BlobUploadOptions { MountFrom = from, ChunkSize = blob.Size > ChunkedAbove ? ChunkSize : null };
            progress?.Report(new TransferProgress(blob, TransferState.Uploading));
            var outcome = await client.UploadBlobAsync(destination, blob.Digest, blob.Size, () => store.OpenRead(blob.Digest), upload, token)
                .ConfigureAwait(false);
            if (outcome == BlobUploadOutcome.Uploaded) Interlocked.Increment(ref uploaded);
            progress?.Report(outcome switch
            {
                BlobUploadOutcome.AlreadyExists => new TransferProgress(blob, TransferState.AlreadyExists),
                BlobUploadOutcome.Mounted => new TransferProgress(blob, TransferState.Mounted, from),
                _ => new TransferProgress(blob, TransferState.Pushed),
            });
        }).ConfigureAwait(false);
        return uploaded;
    }
}
