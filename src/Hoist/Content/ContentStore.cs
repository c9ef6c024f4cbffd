using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Content;

/// <summary>
/// The content-addressed blob store under the state directory:
/// <code>
/// blobs/sha256/&lt;hex&gt;   verified blobs, only ever created by rename
/// ingest/              temp files of writers in progress (each locked by its writer), and staging-*/ directories
///                      of imports in progress (each locked through its .lock file)
/// untagged.json        images kept without a name (see <see cref="ImageNames.ListUntagged"/>)
/// images.json          image names → manifest digests (see <see cref="ImageNames"/>)
/// store.lock           shared by writers and leases, exclusive for garbage collection
/// names.lock           exclusive while images.json is rewritten
/// </code>
/// Safe for concurrent use by many tasks and processes.
/// </summary>
public sealed class ContentStore
{
    /// <summary>Temp files younger than this are left alone even if unlocked: the writer may sit between its
    /// open() and flock().</summary>
    internal static readonly TimeSpan StaleIngestAge = TimeSpan.FromSeconds(10);

    private ContentStore(string root)
    {
        Root = root;
        Names = new ImageNames(this);
    }

    public string Root { get; }

    public ImageNames Names { get; }

    internal string BlobsDirectory => Path.Combine(Root, "blobs");

    internal string IngestDirectory => Path.Combine(Root, "ingest");

    internal string StoreLockPath => Path.Combine(Root, "store.lock");

    /// <summary>Opens (creating if needed) the store at <paramref name="root"/> and removes dead writers' temp files.</summary>
    public static ContentStore Open(string root)
    {
        var store = new ContentStore(Path.GetFullPath(root));
        try
        {
            Directory.CreateDirectory(Path.Combine(store.BlobsDirectory, "sha256"));
            Directory.CreateDirectory(store.IngestDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"cannot open store {root}: {e.Message}", e);
        }
        store.CleanStaleIngests();
        return store;
    }

    /// <summary>Opens the store in the default state directory, or <paramref name="rootOption"/> if given.</summary>
    public static ContentStore OpenDefault(string? rootOption = null) => Open(StateDirectory.Resolve(rootOption));

    public string BlobPath(Digest digest) => Path.Combine(BlobsDirectory, digest.Algorithm, digest.Hex);

    public bool Contains(Digest digest) => File.Exists(BlobPath(digest));

    /// <summary>True when the layer blob <paramref name="blob"/> is here, as a blob or as a snapshot layer.</summary>
    public bool HasLayer(Descriptor blob) => SizeOf(blob.Digest) == blob.Size || SnapshotLayers?.Contains(blob.Digest) == true;

    public long? SizeOf(Digest digest)
    {
        var info = new FileInfo(BlobPath(digest));
        return info.Exists ? info.Length : null;
    }

    /// <summary>Where <see cref="OpenRead"/> finds layers kept only as snapshots (set by whoever opens the store with its
    /// snapshots beside it).</summary>
    public ISnapshotLayerSource? SnapshotLayers { get; set; }

    /// <summary>A blob's content; an uncompressed layer kept only as a snapshot is made as it is read.</summary>
    public Stream OpenRead(Digest digest)
    {
        if (!Contains(digest) && SnapshotLayers?.TryOpenTar(digest) is { } tar) return tar;
        try
        {
            return new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HoistException($"blob {digest} not found", e);
        }
    }

    /// <summary>Reads a whole blob and checks it still hashes to its name (for small JSON documents).</summary>
    public async Task<byte[]> ReadBytesAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(BlobPath(digest), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HoistException($"blob {digest} not found", e);
        }
        if (digest.Algorithm == "sha256" && Digest.Sha256(bytes) != digest)
        {
            throw new HoistException($"blob {digest} is corrupted: its content does not match its digest");
        }
        return bytes;
    }

    public async Task<StoredDocument> ReadDocumentAsync(Digest digest, CancellationToken cancellationToken = default) =>
        StoredDocument.Parse(await ReadBytesAsync(digest, cancellationToken).ConfigureAwait(false));

    public async Task<StoredConfig> ReadConfigAsync(Digest digest, CancellationToken cancellationToken = default) =>
        StoredConfig.FromBytes(await ReadBytesAsync(digest, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Starts a streaming write. With <paramref name="expectedDigest"/> / <paramref name="expectedSize"/> the commit
    /// fails (storing nothing) unless the content matches; without them the digest is whatever was written.
    /// </summary>
    public BlobWriter BeginWrite(Digest? expectedDigest = null, long? expectedSize = null)
    {
        var temp = Path.Combine(IngestDirectory, $"{Guid.NewGuid():N}.tmp");
        return new BlobWriter(this, temp, expectedDigest, expectedSize);
    }

    /// <summary>A private, locked directory for files an import stages before it commits them (see <see cref="StagingDirectory"/>).</summary>
    public StagingDirectory CreateStagingDirectory() =>
        new(Path.Combine(IngestDirectory, $"{StagingDirectory.Prefix}{Guid.NewGuid():N}"));

    /// <summary>
    /// Makes a verified file under <c>ingest/</c> the blob <paramref name="digest"/>: renamed into <c>blobs/</c>, or
    /// deleted when the blob is already there. The caller has hashed it and made it durable.
    /// </summary>
    internal async Task PublishAsync(string tempPath, Digest digest, CancellationToken cancellationToken)
    {
        using (await AcquireCommitLockAsync(cancellationToken).ConfigureAwait(false))
        {
            var final = BlobPath(digest);
            if (File.Exists(final))
            {
                File.Delete(tempPath);
                return;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            AtomicFile.Replace(tempPath, final, durable: true);
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> into the store. If <paramref name="expectedDigest"/> is already present the
    /// source is not read at all.
    /// </summary>
    public async Task<BlobInfo> WriteAsync(Stream source, Digest? expectedDigest = null, long? expectedSize = null,
        CancellationToken cancellationToken = default)
    {
        if (expectedDigest is { } known && SizeOf(known) is { } existing && (expectedSize is null || expectedSize == existing))
        {
            return new BlobInfo(known, existing);
        }
        await using var writer = BeginWrite(expectedDigest, expectedSize);
        await source.CopyToAsync(writer, 1 << 16, cancellationToken).ConfigureAwait(false);
        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<BlobInfo> WriteAsync(ReadOnlyMemory<byte> content, Digest? expectedDigest = null,
        CancellationToken cancellationToken = default)
    {
        if (expectedDigest is { } known && SizeOf(known) is { } existing && existing == content.Length)
        {
            return new BlobInfo(known, existing);
        }
        await using var writer = BeginWrite(expectedDigest, content.Length);
        await writer.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a manifest or index byte-exact (as its <see cref="StoredDocument.Bytes"/>).</summary>
    public Task<BlobInfo> WriteAsync(StoredDocument document, CancellationToken cancellationToken = default) =>
        WriteAsync(document.Bytes, document.Digest, cancellationToken);

    public Task<BlobInfo> WriteAsync(StoredConfig config, CancellationToken cancellationToken = default) =>
        WriteAsync(config.Bytes, config.Digest, cancellationToken);

    public IEnumerable<BlobInfo> EnumerateBlobs()
    {
        if (!Directory.Exists(BlobsDirectory)) yield break;
        foreach (var algorithmDirectory in new DirectoryInfo(BlobsDirectory).EnumerateDirectories())
        {
            foreach (var file in algorithmDirectory.EnumerateFiles())
            {
                if (Digest.TryParse($"{algorithmDirectory.Name}:{file.Name}", out var digest)) yield return new BlobInfo(digest, file.Length);
            }
        }
    }

    /// <summary>
    /// Holds off garbage collection until disposed. A build takes a lease before writing its first blob and keeps it
    /// until the result is named, so that nothing it wrote is collected as unreferenced in between. Leases are shared:
    /// any number may be held at once, by any processes. Do not collect garbage while holding one (it would wait for
    /// itself).
    /// </summary>
    public Task<FileLock> AcquireLeaseAsync(CancellationToken cancellationToken = default) =>
        FileLock.AcquireAsync(StoreLockPath, exclusive: false, cancellationToken);

    /// <summary>
    /// The lock garbage collection holds: exclusive, so it waits for every lease (builds, pulls, runs) to end and keeps
    /// new ones out until disposed. Whatever is reclaimed while holding it is in use by no running hoist process.
    /// </summary>
    public Task<FileLock> AcquireCollectionLockAsync(CancellationToken cancellationToken = default) =>
        FileLock.AcquireAsync(StoreLockPath, exclusive: true, cancellationToken);

    internal Task<FileLock> AcquireCommitLockAsync(CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(StoreLockPath, exclusive: false, cancellationToken);

    /// <summary>
    /// Deletes temp files whose writer is gone, and staging directories whose import is gone: an exclusive lock on
    /// them succeeds only when no live process holds it.
    /// </summary>
    public int CleanStaleIngests()
    {
        if (!Directory.Exists(IngestDirectory)) return 0;
        var removed = CleanStaleStagingDirectories();
        foreach (var file in new DirectoryInfo(IngestDirectory).EnumerateFiles())
        {
            if (DateTime.UtcNow - file.LastWriteTimeUtc < StaleIngestAge) continue;
            using var probe = FileLock.TryAcquire(file.FullName, exclusive: true);
            if (probe is null) continue;
            try
            {
                file.Delete();
                removed++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    private int CleanStaleStagingDirectories()
    {
        var removed = 0;
        foreach (var directory in new DirectoryInfo(IngestDirectory).EnumerateDirectories(StagingDirectory.Prefix + "*"))
        {
            if (DateTime.UtcNow - directory.LastWriteTimeUtc < StaleIngestAge) continue;
            using var probe = FileLock.TryAcquire(Path.Combine(directory.FullName, StagingDirectory.LockFileName), exclusive: true);
            if (probe is null) continue;
            try
            {
                directory.Delete(recursive: true);
                removed++;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>Blob counts and sizes, split into those reachable from an image name (or <paramref name="extraRoots"/>)
    /// and those garbage collection would free.</summary>
    public async Task<StoreUsage> MeasureAsync(CancellationToken cancellationToken = default, IEnumerable<Digest>? extraRoots = null)
    {
        var referenced = await MarkAsync(NamedRoots().Concat(extraRoots ?? []), cancellationToken).ConfigureAwait(false);
        var blobs = EnumerateBlobs().ToList();
        var live = blobs.Where(b => referenced.Contains(b.Digest)).ToList();
        return new StoreUsage(blobs.Count, blobs.Sum(b => b.Size), live.Count, live.Sum(b => b.Size));
    }

    /// <summary>
    /// Mark and sweep: every blob reachable from an image name (index → manifests → config and layers) or from
    /// <paramref name="extraRoots"/> is kept; every other blob, and every dead writer's temp file, is deleted. Waits
    /// for all leases to end, and blocks new ones while it runs.
    /// </summary>
    public async Task<GarbageCollectionResult> CollectGarbageAsync(IEnumerable<Digest>? extraRoots = null,
        CancellationToken cancellationToken = default)
    {
        using var exclusive = await FileLock.AcquireAsync(StoreLockPath, exclusive: true, cancellationToken).ConfigureAwait(false);
        using var names = await Names.LockAsync(cancellationToken).ConfigureAwait(false);
        var referenced = await MarkAsync(NamedRoots().Concat(extraRoots ?? []), cancellationToken).ConfigureAwait(false);
        var deleted = new List<BlobInfo>();
        foreach (var blob in EnumerateBlobs().OrderBy(b => b.Digest.ToString(), StringComparer.Ordinal))
        {
            if (referenced.Contains(blob.Digest)) continue;
            File.Delete(BlobPath(blob.Digest));
            deleted.Add(blob);
        }
        var temps = CleanStaleIngests();
        return new GarbageCollectionResult(deleted, temps);
    }

    /// <summary>
    /// Deletes what is reachable from <paramref name="candidates"/> (e.g. images just untagged) and no longer
    /// reachable from any name or <paramref name="extraRoots"/>, leaving other unreferenced blobs alone (as
    /// <c>docker rmi</c> deletes only the image it untagged).
    /// </summary>
    public async Task<GarbageCollectionResult> DeleteIfUnreferencedAsync(IEnumerable<Digest> candidates,
        IEnumerable<Digest>? extraRoots = null, CancellationToken cancellationToken = default)
    {
        using var exclusive = await FileLock.AcquireAsync(StoreLockPath, exclusive: true, cancellationToken).ConfigureAwait(false);
        using var names = await Names.LockAsync(cancellationToken).ConfigureAwait(false);
        var referenced = await MarkAsync(NamedRoots().Concat(extraRoots ?? []), cancellationToken).ConfigureAwait(false);
        var reachable = await MarkAsync(candidates, cancellationToken).ConfigureAwait(false);
        var deleted = new List<BlobInfo>();
        foreach (var digest in reachable.OrderBy(d => d.ToString(), StringComparer.Ordinal))
        {
            if (referenced.Contains(digest) || SizeOf(digest) is not { } size) continue;
            File.Delete(BlobPath(digest));
            deleted.Add(new BlobInfo(digest, size));
        }
        return new GarbageCollectionResult(deleted, 0);
    }

    /// <summary>The diffIDs of every image a name reaches (each manifest of an index that is in the store).</summary>
    public async Task<HashSet<Digest>> NamedDiffIdsAsync(CancellationToken cancellationToken = default)
    {
        var diffIds = new HashSet<Digest>();
        var seen = new HashSet<Digest>();
        var pending = new Stack<Digest>(NamedRoots());
        while (pending.TryPop(out var digest))
        {
            if (!seen.Add(digest) || !Contains(digest)) continue;
            try
            {
                switch (await ReadDocumentAsync(digest, cancellationToken).ConfigureAwait(false))
                {
                    case StoredIndex index:
                        foreach (var child in index.Index.Manifests) pending.Push(child.Digest);
                        break;
                    case StoredManifest manifest when MediaTypes.IsConfig(manifest.Manifest.Config.MediaType) && Contains(manifest.Manifest.Config.Digest):
                        var config = await ReadConfigAsync(manifest.Manifest.Config.Digest, cancellationToken).ConfigureAwait(false);
                        diffIds.UnionWith(config.Config.RootFs.DiffIds);
                        break;
                }
            }
            catch (HoistException)
            {
                // A broken image keeps nothing alive, and must not stop the others from being read.
            }
        }
        return diffIds;
    }
    private IEnumerable<Digest> NamedRoots() => Names.List().Select(n => n.Digest).Concat(Names.ListUntagged());

    private async Task<HashSet<Digest>> MarkAsync(IEnumerable<Digest> roots, CancellationToken cancellationToken)
    {
        var marked = new HashSet<Digest>();
        var pending = new Stack<Digest>(roots);
        while (pending.TryPop(out var digest))
        {
            if (!marked.Add(digest) || !Contains(digest)) continue;
            // Only small JSON documents are worth parsing; a layer root (from extraRoots) is just kept.
            if (SizeOf(digest) is not { } size || size > 4 << 20) continue;
            StoredDocument document;
            try
            {
                document = await ReadDocumentAsync(digest, cancellationToken).ConfigureAwait(false);
            }
            catch (HoistException)
            {
                continue; // not a manifest (e.g. a config given as an extra root): kept, nothing below it
            }
            switch (document)
            {
                case StoredIndex index:
                    foreach (var child in index.Index.Manifests) pending.Push(child.Digest);
                    break;
                case StoredManifest manifest:
                    marked.Add(manifest.Manifest.Config.Digest);
                    foreach (var layer in manifest.Manifest.Layers) marked.Add(layer.Digest);
                    break;
            }
        }
        return marked;
    }

    /// <summary>
    /// Finds an image by name (<c>busybox</c>, <c>app:1</c>), by <c>name@digest</c>, by manifest digest, or by image
    /// ID (config digest, full or a unique prefix of at least one hex digit, with or without <c>sha256:</c>), named or
    /// untagged.
    /// An index resolves to the manifest for <paramref name="platform"/> (default: this machine), else its first
    /// manifest present in the store.
    /// </summary>
    public async Task<ResolvedImage> ResolveImageAsync(string name, Platform? platform = null, CancellationToken cancellationToken = default) =>
        await FindImageAsync(name, platform, cancellationToken).ConfigureAwait(false) ?? throw new HoistException($"image \"{name}\" not found");

    /// <summary>As <see cref="ResolveImageAsync"/>, but null when no image matches (an ambiguous ID prefix still throws).</summary>
    public async Task<ResolvedImage?> FindImageAsync(string name, Platform? platform = null, CancellationToken cancellationToken = default)
    {
        var names = Names.List();
        if (!name.StartsWith("sha256:", StringComparison.Ordinal) && ImageReference.TryParse(name, out var parsed, out _))
        {
            if (parsed.Digest is null)
            {
                var match = names.FirstOrDefault(n => n.Reference.ToString() == parsed.ToString());
                if (match is not null) return await LoadAsync(match.Digest, names, platform, cancellationToken).ConfigureAwait(false);
            }
            else if (Contains(parsed.Digest.Value))
            {
                return await LoadAsync(parsed.Digest.Value, names, platform, cancellationToken).ConfigureAwait(false);
            }
        }
        var hex = name.StartsWith("sha256:", StringComparison.Ordinal) ? name[7..] : name;
        if (hex.Length is > 0 and <= 64 && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            var candidates = new Dictionary<Digest, ResolvedImage>();
            foreach (var target in names.Select(n => n.Digest).Concat(Names.ListUntagged()).Distinct())
            {
                ResolvedImage image;
                try
                {
                    image = await LoadAsync(target, names, platform, cancellationToken).ConfigureAwait(false);
                }
                catch (HoistException)
                {
                    continue; // a broken image must not hide the one the user asked for
                }
                if (image.Id.Hex.StartsWith(hex, StringComparison.Ordinal) || target.Hex.StartsWith(hex, StringComparison.Ordinal))
                {
                    candidates[target] = image;
                }
            }
            if (candidates.Count == 1) return candidates.Values.Single();
            if (candidates.Count > 1 && candidates.Values.Select(c => c.Id).Distinct().Count() > 1)
            {
                throw new HoistException($"image ID prefix \"{name}\" is ambiguous: {candidates.Count} images match");
            }
            if (candidates.Count > 1) return candidates.Values.First();
        }
        return null;
    }

    /// <summary>The image a manifest or index in the store is, whether or not a name points at it (a just-built image).</summary>
    public Task<ResolvedImage> LoadImageAsync(Digest target, Platform? platform = null, CancellationToken cancellationToken = default) =>
        LoadAsync(target, Names.List(), platform, cancellationToken);

    private async Task<ResolvedImage> LoadAsync(Digest target, IReadOnlyList<ImageName> names, Platform? platform, CancellationToken cancellationToken)
    {
        var top = await ReadDocumentAsync(target, cancellationToken).ConfigureAwait(false);
        var manifest = top switch
        {
            StoredManifest m => m,
            StoredIndex index => await SelectManifestAsync(index, platform ?? Platform.Host, cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException("unreachable"),
        };
        var config = await ReadConfigAsync(manifest.Manifest.Config.Digest, cancellationToken).ConfigureAwait(false);
        var references = names.Where(n => n.Digest == target).Select(n => n.Reference).ToList();
        return new ResolvedImage(top, manifest, config, references);
    }

    private async Task<StoredManifest> SelectManifestAsync(StoredIndex index, Platform platform, CancellationToken cancellationToken)
    {
        var present = index.Index.Manifests.Where(d => Contains(d.Digest) && !MediaTypes.IsIndex(d.MediaType)).ToList();
        var chosen = PlatformMatcher.Best(present, d => d.Platform, platform)
            ?? present.FirstOrDefault()
            ?? throw new HoistException($"image index {index.Digest} has no manifest in the store");
        return await ReadDocumentAsync(chosen.Digest, cancellationToken).ConfigureAwait(false) as StoredManifest
            ?? throw new HoistException($"{chosen.Digest} in index {index.Digest} is not an image manifest");
    }
}
