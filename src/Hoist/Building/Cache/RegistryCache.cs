using System.Net;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.Building.Cache;

/// <summary>
/// The build cache in a registry (<c>--cache-to/--cache-from type=registry</c>): an OCI image manifest whose config
/// blob (<see cref="RemoteCacheConfig"/>) lists cache entries and whose layers are the layer blobs they point at.
/// Import is eager: the manifest, config and every layer blob not yet in the store are fetched before the build, and
/// the entries written to the local index, so the build then hits them exactly as local entries.
/// </summary>
public sealed class RegistryCache(ContentStore store, RegistryClient client)
{
    /// <summary>Pushes <paramref name="entries"/> (their layer blobs must be in the store) to <paramref name="reference"/>;
    /// returns the manifest's digest.</summary>
    public async Task<Digest> ExportAsync(ImageReference reference, IReadOnlyList<CacheEntry> entries, CancellationToken cancellationToken)
    {
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var layers = entries.Where(e => e.Layer is not null).Select(e => e.Layer!.Blob)
            .DistinctBy(b => b.Digest).OrderBy(b => b.Digest.ToString(), StringComparer.Ordinal).ToList();
        var configBytes = RemoteCacheConfig.From(entries).ToBytes();
        var config = new Descriptor { MediaType = RemoteCacheConfig.MediaType, Digest = Digest.Sha256(configBytes), Size = configBytes.LongLength };
        await Parallel.ForEachAsync(layers, new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = cancellationToken },
            async (blob, token) =>
            {
                if (store.SizeOf(blob.Digest) != blob.Size) throw new HoistException($"cannot export cache: blob {blob.Digest} is not in the store");
                await client.UploadBlobAsync(reference, blob.Digest, blob.Size, () => store.OpenRead(blob.Digest), null, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        await client.UploadBlobAsync(reference, configBytes, null, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = config, Layers = layers }.ToJsonBytes();
        return await client.PutManifestAsync(reference, manifest, MediaTypes.OciManifest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches the cache at <paramref name="reference"/> into the store and the local index; returns how many
    /// entries it held, or null when the registry has no such manifest (the caller warns, as BuildKit does).</summary>
    public async Task<int?> ImportAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        RegistryManifest fetched;
        try
        {
            fetched = await client.GetManifestAsync(reference, [MediaTypes.OciManifest], cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var manifest = fetched.IsIndex ? null : ImageManifest.Parse(fetched.Bytes);
        if (manifest is null || manifest.Config.MediaType != RemoteCacheConfig.MediaType)
        {
            throw new HoistException($"{reference} is not a hoist build cache (config media type {manifest?.Config.MediaType ?? fetched.MediaType})");
        }
        if (manifest.Config.Size > 64L << 20) throw new HoistException($"{reference}: cache config of {manifest.Config.Size} bytes is too large");
        using var buffer = new MemoryStream();
        await client.DownloadBlobAsync(reference, manifest.Config.Digest, manifest.Config.Size, buffer, 0, cancellationToken).ConfigureAwait(false);
        var entries = RemoteCacheConfig.Parse(buffer.ToArray()).ToEntries();

        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        // An entry's diffID names the unpacked layer a later RUN builds on, so each is checked against its blob's
        // content (as it downloads, or from the store) before any entry is recorded.
        var layers = entries.Where(e => e.Layer is not null).Select(e => e.Layer!).DistinctBy(l => (l.Blob.Digest, l.DiffId)).ToList();
        var missing = layers.Where(l => store.SizeOf(l.Blob.Digest) != l.Blob.Size).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(layers.Except(missing), options, (layer, token) => new ValueTask(Task.Run(() =>
        {
            using var stored = store.OpenRead(layer.Blob.Digest);
            UncompressedDigest.Verify(stored, layer.Blob.Digest, layer.DiffId, reference.ToString());
        }, token))).ConfigureAwait(false);
        await Parallel.ForEachAsync(missing, options, async (layer, token) =>
            {
                await using var writer = store.BeginWrite(layer.Blob.Digest, layer.Blob.Size);
                await using var verifying = new DiffIdWriteStream(writer);
                await client.DownloadBlobAsync(reference, layer.Blob.Digest, layer.Blob.Size, verifying, 0, token).ConfigureAwait(false);
                var diffId = await verifying.CompleteAsync().ConfigureAwait(false);
                if (diffId != layer.DiffId) throw new DiffIdMismatchException(layer.Blob.Digest, diffId, layer.DiffId, reference.ToString());
                await writer.CommitAsync(token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        var index = new CacheIndex(store.Root);
        foreach (var entry in entries)
        {
            // A local entry for the same key wins: it is what this machine last produced or used.
            if (index.TryGet(entry.Key) is null) index.Put(entry);
        }
        return entries.Count;
    }
}
