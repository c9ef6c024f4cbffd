using Hoist.Archives;
using Hoist.Content;
using Hoist.Execution;
using Hoist.Oci;

namespace Hoist.Building.Cache;

/// <summary>
/// The build cache outside this machine (<c>--cache-to/--cache-from</c>), in a registry or a local directory (see
/// <see cref="ICacheLocation"/>): an OCI image manifest whose config blob (<see cref="RemoteCacheConfig"/>) lists cache
/// entries and whose layers are the layer blobs they point at, plus, with <c>mounts=true</c>, one layer-format blob per
/// cache mount directory. Blobs are content-addressed, so an unchanged layer or cache mount is never sent twice.
/// Import is eager: the manifest, config and every blob not yet here are fetched before the build and the entries
/// written to the local index, so the build then hits them exactly as local entries.
/// </summary>
public sealed class RemoteCache(ContentStore store, ScratchSpace scratch)
{
    /// <summary>Pushes <paramref name="entries"/> (their layer blobs must be in the store) and the contents of the cache
    /// mounts named in <paramref name="mounts"/> to <paramref name="location"/>.</summary>
    public async Task ExportAsync(ICacheLocation location, IReadOnlyList<CacheEntry> entries, IReadOnlyList<string> mounts,
        CancellationToken cancellationToken)
    {
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var layers = entries.Where(e => e.Layer is not null).Select(e => e.Layer!.Blob)
            .DistinctBy(b => b.Digest).OrderBy(b => b.Digest.ToString(), StringComparer.Ordinal).ToList();
        var packed = await PackMountsAsync(mounts, cancellationToken).ConfigureAwait(false);
        var configBytes = (RemoteCacheConfig.From(entries) with { Mounts = packed.Count == 0 ? null : [.. packed.Select(p => p.Record)] }).ToBytes();
        var config = new Descriptor { MediaType = RemoteCacheConfig.MediaType, Digest = Digest.Sha256(configBytes), Size = configBytes.LongLength };
        var options = new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(layers, options, async (blob, token) =>
            {
                if (store.SizeOf(blob.Digest) != blob.Size) throw new HoistException($"cannot export cache: blob {blob.Digest} is not in the store");
                await location.PutBlobAsync(blob, () => store.OpenRead(blob.Digest), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        await Parallel.ForEachAsync(packed, options, async (mount, token) =>
            await location.PutBlobAsync(mount.Blob, () => File.OpenRead(mount.Path), token).ConfigureAwait(false)).ConfigureAwait(false);
        await location.PutBlobAsync(config, () => new MemoryStream(configBytes, writable: false), cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = config,
            Layers = [.. layers, .. packed.Select(p => p.Blob).Where(b => layers.All(l => l.Digest != b.Digest)).DistinctBy(b => b.Digest)],
        };
        await location.PutManifestAsync(manifest.ToJsonBytes(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fetches the cache at <paramref name="location"/> into the store, the local index and the cache mounts
    /// this machine does not have yet; returns how many entries it held, or null when the location holds no cache (the
    /// caller warns, as BuildKit does).</summary>
    public async Task<int?> ImportAsync(ICacheLocation location, CancellationToken cancellationToken)
    {
        if (await location.GetManifestAsync(cancellationToken).ConfigureAwait(false) is not { } manifest) return null;
        if (manifest.Config.MediaType != RemoteCacheConfig.MediaType)
        {
            throw new HoistException($"{location.Name} is not a hoist build cache (config media type {manifest.Config.MediaType})");
        }
        if (manifest.Config.Size > 64L << 20) throw new HoistException($"{location.Name}: cache config of {manifest.Config.Size} bytes is too large");
        using var buffer = new MemoryStream();
        await location.GetBlobAsync(manifest.Config, buffer, cancellationToken).ConfigureAwait(false);
        var config = RemoteCacheConfig.Parse(buffer.ToArray());
        var entries = config.ToEntries();
        var mounts = config.MountBlobs();

        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        await ImportLayersAsync(location, entries, cancellationToken).ConfigureAwait(false);
        var index = new CacheIndex(store.Root);
        foreach (var entry in entries)
        {
            // A local entry for the same key wins: it is what this machine last produced or used.
            if (index.TryGet(entry.Key) is null) index.Put(entry);
        }
        foreach (var (key, blob) in mounts) await RestoreMountAsync(location, key, blob, cancellationToken).ConfigureAwait(false);
        return entries.Count;
    }

    private async Task ImportLayersAsync(ICacheLocation location, IReadOnlyList<CacheEntry> entries, CancellationToken cancellationToken)
    {
        // An entry's diffID names the unpacked layer a later RUN builds on, so each is checked against its blob's
        // content (as it downloads, or from the store) before any entry is recorded.
        var layers = entries.Where(e => e.Layer is not null).Select(e => e.Layer!).DistinctBy(l => (l.Blob.Digest, l.DiffId)).ToList();
        var missing = layers.Where(l => store.SizeOf(l.Blob.Digest) != l.Blob.Size).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(layers.Except(missing), options, (layer, token) => new ValueTask(Task.Run(() =>
        {
            using var stored = store.OpenRead(layer.Blob.Digest);
            UncompressedDigest.Verify(stored, layer.Blob.Digest, layer.DiffId, location.Name);
        }, token))).ConfigureAwait(false);
        await Parallel.ForEachAsync(missing, options, async (layer, token) =>
            {
                await using var writer = store.BeginWrite(layer.Blob.Digest, layer.Blob.Size);
                await using var verifying = new DiffIdWriteStream(writer);
                await location.GetBlobAsync(layer.Blob, verifying, token).ConfigureAwait(false);
                var diffId = await verifying.CompleteAsync().ConfigureAwait(false);
                if (diffId != layer.DiffId) throw new DiffIdMismatchException(layer.Blob.Digest, diffId, layer.DiffId, location.Name);
                await writer.CommitAsync(token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>Packs each cache mount directory that exists into a layer-format blob in the scratch space, under the
    /// cache's shared lock (a concurrent <c>sharing=locked</c> user finishes first).</summary>
    private async Task<List<PackedMount>> PackMountsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var root = CacheMountDirectories.Root(store.Root);
        var packed = new List<PackedMount>();
        foreach (var key in keys)
        {
            var directory = Path.Combine(root, key);
            if (!Directory.Exists(directory)) continue;
            using var shared = await FileLock.AcquireAsync(CacheMountDirectories.LockPath(root, key, 0), exclusive: false, cancellationToken)
                .ConfigureAwait(false);
            var path = Path.Combine(scratch.NewDirectory("cache-mount"), "blob");
            var blob = LayerWriter.WriteDirectory(directory, path, cancellationToken: cancellationToken);
            var descriptor = new Descriptor { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size };
            packed.Add(new PackedMount(path, descriptor, new RemoteCacheMountRecord
            {
                Key = key, MediaType = blob.MediaType, Digest = blob.Digest.ToString(), Size = blob.Size,
            }));
        }
        return packed;
    }

    /// <summary>Fills a cache mount this machine does not have from its blob; one it has is left as it is (local wins).</summary>
    private async Task RestoreMountAsync(ICacheLocation location, string key, Descriptor blob, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(CacheMountDirectories.Root(store.Root), key);
        if (Directory.Exists(directory)) return;
        var path = Path.Combine(scratch.NewDirectory("cache-mount"), "blob");
        await using (var file = File.Create(path))
        {
            await location.GetBlobAsync(blob, file, cancellationToken).ConfigureAwait(false);
        }
        await CacheMountDirectories.CreateOnceAsync(directory, temporary =>
        {
            try
            {
                LayerApplier.Apply(path, temporary, new LayerApplyOptions(), cancellationToken);
            }
            catch (Exception e) when (e is LayerApplyException or TarFormatException)
            {
                throw new HoistException($"{location.Name}: cache mount {key}: {e.Message}", e);
            }
        }, cancellationToken).ConfigureAwait(false);
        File.Delete(path);
    }

    private sealed record PackedMount(string Path, Descriptor Blob, RemoteCacheMountRecord Record);
}
