using System.Text.Json;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// Loads images from an OCI image layout (directory or tar, possibly compressed) or a docker archive (what
/// <c>docker save</c> and <c>skopeo copy … docker-archive:</c> write, legacy or the modern combined form) into the
/// store, as <c>docker load</c> does. Every blob is verified against its digest (or, for docker-archive layers,
/// against the config's diffIDs) before anything becomes visible: a bad archive leaves the store unchanged.
/// </summary>
public static class ImageLoader
{
    private const string DockerManifestFile = DockerArchiveFiles.ManifestFile;
    private const int MaxIndexDepth = 8;

    /// <summary>Loads from a layout directory or an archive file.</summary>
    public static async Task<IReadOnlyList<NamedImage>> LoadAsync(ContentStore store, string path, CancellationToken cancellationToken = default) =>
        await ImagesAsync(store, await LoadAsync(store, path, nameImages: true, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// As <see cref="LoadAsync(ContentStore, string, CancellationToken)"/> but names nothing: the archive's blobs and
    /// documents, verified, become content of the store that its images' layers are read from (an archive as an
    /// <see cref="IImageSource"/>, <see cref="ArchiveImageSource"/>).
    /// </summary>
    internal static Task<IReadOnlyList<ArchiveEntry>> ReadAsync(ContentStore store, string path, CancellationToken cancellationToken = default) =>
        LoadAsync(store, path, nameImages: false, cancellationToken);

    /// <summary>The loaded images as the store now holds them, each under the name it loaded with.</summary>
    private static async Task<IReadOnlyList<NamedImage>> ImagesAsync(ContentStore store, IReadOnlyList<ArchiveEntry> entries,
        CancellationToken cancellationToken)
    {
        var images = new List<NamedImage>();
        foreach (var entry in entries)
        {
            var config = await store.ReadConfigAsync(entry.Id, cancellationToken).ConfigureAwait(false);
            ImageReference[] names = entry.Reference is { } name ? [name] : [];
            images.Add(new NamedImage(entry.Reference, new ResolvedImage(entry.Target, entry.Manifest, config, names)));
        }
        return images;
    }

    private static async Task<IReadOnlyList<ArchiveEntry>> LoadAsync(ContentStore store, string path, bool nameImages, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
            using var source = new DirectoryArchiveSource(store, Path.GetFullPath(path));
            return await LoadAsync(store, source, nameImages, cancellationToken).ConfigureAwait(false);
        }
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"cannot open {path}: {e.Message}", e);
        }
        await using (file.ConfigureAwait(false))
        {
            return await LoadAsync(store, file, path, nameImages, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads from a tar stream (plain, gzip or zstd compressed); <paramref name="name"/> is for messages.</summary>
    public static async Task<IReadOnlyList<NamedImage>> LoadAsync(ContentStore store, Stream archive, string name, CancellationToken cancellationToken = default) =>
        await ImagesAsync(store, await LoadAsync(store, archive, name, nameImages: true, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    private static async Task<IReadOnlyList<ArchiveEntry>> LoadAsync(ContentStore store, Stream archive, string name, bool nameImages,
        CancellationToken cancellationToken)
    {
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        Stream tar;
        try
        {
            tar = LayerCompressionCodec.OpenRead(archive, leaveOpen: true);
        }
        catch (TarFormatException e)
        {
            throw new HoistException($"{name}: {e.Message}", e);
        }
        using (tar)
        using (var source = TarArchiveSource.Read(store, tar, name, cancellationToken))
        {
            return await LoadAsync(store, source, nameImages, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<ArchiveEntry>> LoadAsync(ContentStore store, ArchiveSource source, bool nameImages,
        CancellationToken cancellationToken)
    {
        var plan = new Plan(source);
        List<ArchiveEntry> loaded;
        if (source.Exists(OciLayout.IndexFile))
        {
            loaded = ReadOciLayout(plan);
            if (source.Exists(DockerManifestFile)) AddRepoTags(plan, loaded);
        }
        else if (source.Exists(DockerManifestFile))
        {
            loaded = ReadDockerArchive(plan);
        }
        else
        {
            throw new HoistException($"{source.Name}: not an image archive: it has neither index.json (OCI layout) nor manifest.json (docker archive)");
        }

        foreach (var staged in plan.Blobs.Values) await staged.CommitAsync(store, cancellationToken).ConfigureAwait(false);
        foreach (var document in plan.Documents) await store.WriteAsync(document, cancellationToken).ConfigureAwait(false);
        var entries = loaded.Select(l => l with { RefNames = plan.RefNames.GetValueOrDefault(l.Target.Digest) ?? [] }).ToList();
        if (!nameImages) return entries;
        foreach (var image in loaded)
        {
            // An image without a name is kept as docker keeps it (<none>), found by its ID.
            if (image.Reference is { } reference) await store.Names.SetAsync(reference, image.Target.Digest, cancellationToken).ConfigureAwait(false);
            else await store.Names.AddUntaggedAsync(image.Target.Digest, cancellationToken).ConfigureAwait(false);
        }
        return entries;
    }

    private static List<ArchiveEntry> ReadOciLayout(Plan plan)
    {
        var source = plan.Source;
        var index = ParseIndex(source.ReadSmall(OciLayout.IndexFile), source.Name, OciLayout.IndexFile);
        var loaded = new List<ArchiveEntry>();
        foreach (var descriptor in index.Index.Manifests)
        {
            var target = Walk(plan, descriptor, 0);
            var manifest = target switch
            {
                StoredManifest m => m,
                StoredIndex i => ChooseManifest(plan, i),
                _ => throw new InvalidOperationException("unreachable"),
            };
            loaded.Add(new ArchiveEntry(NameFromAnnotations(descriptor.Annotations, source.Name), target, manifest));
            if (descriptor.Annotations?.GetValueOrDefault(OciLayout.RefNameAnnotation) is { } refName)
            {
                plan.RefNames.TryAdd(target.Digest, []);
                plan.RefNames[target.Digest].Add(refName);
            }
        }
        return loaded;
    }

    /// <summary>
    /// The name an index entry carries: containerd's full name if present, else the OCI ref name when it is a
    /// reference in its own right (<c>app:1</c>). A bare tag such as <c>latest</c> names no repository, so the image
    /// loads unnamed, as with docker load.
    /// </summary>
    private static ImageReference? NameFromAnnotations(IReadOnlyDictionary<string, string>? annotations, string archive)
    {
        if (annotations is null) return null;
        if (annotations.TryGetValue(OciLayout.ContainerdImageNameAnnotation, out var full))
        {
            return ImageReference.TryParse(full, out var reference, out var error) && reference.Digest is null
                ? reference
                : throw new HoistException($"{archive}: invalid image name \"{full}\" in index.json: {error}");
        }
        if (annotations.TryGetValue(OciLayout.RefNameAnnotation, out var refName) && refName.IndexOfAny([':', '/']) >= 0
            && ImageReference.TryParse(refName, out var named, out _) && named.Digest is null)
        {
            return named;
        }
        return null;
    }

    private static StoredDocument Walk(Plan plan, Descriptor descriptor, int depth)
    {
        if (depth > MaxIndexDepth) throw new HoistException($"{plan.Source.Name}: image indexes nested too deeply");
        if (!MediaTypes.IsManifest(descriptor.MediaType) && !MediaTypes.IsIndex(descriptor.MediaType))
        {
            throw new HoistException($"{plan.Source.Name}: {descriptor.Digest} has unsupported media type \"{descriptor.MediaType}\"");
        }
        if (plan.Parsed.TryGetValue(descriptor.Digest, out var seen)) return seen;
        var staged = plan.StageVerified(descriptor, "manifest");
        var bytes = staged.ReadBytes() ?? throw new HoistException($"{plan.Source.Name}: manifest {descriptor.Digest} is too large");
        var document = StoredDocument.Parse(bytes);
        plan.Parsed[descriptor.Digest] = document;
        switch (document)
        {
            case StoredIndex index:
                foreach (var child in index.Index.Manifests) Walk(plan, child, depth + 1);
                break;
            case StoredManifest manifest:
                var config = plan.StageVerified(manifest.Manifest.Config, "config");
                var layers = new List<(Descriptor, StagedBlob?)>();
                foreach (var layer in manifest.Manifest.Layers)
                {
                    // Non-distributable layers (with urls) may legitimately be left out of an archive.
                    var absent = layer.Urls is { Count: > 0 } && !plan.Source.Exists(OciLayout.BlobPath(layer.Digest));
                    layers.Add((layer, absent ? null : plan.StageVerified(layer, "layer", computeDiffId: true)));
                }
                if (MediaTypes.IsConfig(manifest.Manifest.Config.MediaType)) CheckDiffIds(plan, config, layers);
                break;
        }
        return document;
    }

    /// <summary>Each layer's content must hash to the diffID the config gives it, or the whole load is refused.</summary>
    private static void CheckDiffIds(Plan plan, StagedBlob configBlob, List<(Descriptor Layer, StagedBlob? Staged)> layers)
    {
        var bytes = configBlob.ReadBytes() ?? throw new HoistException($"{plan.Source.Name}: config {configBlob.Digest} is too large");
        StoredConfig config;
        try
        {
            config = StoredConfig.FromBytes(bytes);
        }
        catch (HoistException e)
        {
            throw new HoistException($"{plan.Source.Name}: config {configBlob.Digest}: {e.Message}", e);
        }
        var diffIds = config.Config.RootFs.DiffIds;
        if (diffIds.Count != layers.Count)
        {
            throw new HoistException($"{plan.Source.Name}: config {configBlob.Digest} lists {diffIds.Count} diffIDs but its manifest has {layers.Count} layers");
        }
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].Staged is not { } staged) continue;
            var actual = staged.DiffId(plan.Source.Name, OciLayout.BlobPath(staged.Digest));
            if (actual != diffIds[i]) throw new DiffIdMismatchException(staged.Digest, actual, diffIds[i], plan.Source.Name);
        }
    }

    /// <summary>The manifest an index's image ID comes from: this machine's platform, else the first image.</summary>
    private static StoredManifest ChooseManifest(Plan plan, StoredIndex index)
    {
        var host = Platform.Host;
        var manifests = index.Index.Manifests.Where(d => MediaTypes.IsManifest(d.MediaType)).ToList();
        var chosen = manifests.FirstOrDefault(d => d.Platform is { } p && p.Os == host.Os && p.Architecture == host.Architecture)
            ?? manifests.FirstOrDefault(d => d.Platform is not { Os: "unknown" })
            ?? throw new HoistException($"{plan.Source.Name}: image index {index.Digest} has no image manifest");
        return (StoredManifest)plan.Parsed[chosen.Digest];
    }

    private static List<ArchiveEntry> ReadDockerArchive(Plan plan)
    {
        var loaded = new List<ArchiveEntry>();
        foreach (var entry in ReadDockerManifest(plan.Source))
        {
            var (config, configBlob) = ReadConfig(plan, entry.Config);
            var diffIds = config.Config.RootFs.DiffIds;
            if (diffIds.Count != entry.Layers.Count)
            {
                throw new HoistException($"{plan.Source.Name}: {entry.Config} lists {diffIds.Count} layers but manifest.json has {entry.Layers.Count}");
            }
            var layers = new List<Descriptor>(entry.Layers.Count);
            for (var i = 0; i < entry.Layers.Count; i++)
            {
                var layer = plan.Source.Stage(entry.Layers[i], computeDiffId: true);
                CheckNamedDigest(plan.Source.Name, entry.Layers[i], layer);
                var diffId = layer.DiffId(plan.Source.Name, entry.Layers[i]);
                if (diffId != diffIds[i])
                {
                    throw new HoistException($"{plan.Source.Name}: layer {entry.Layers[i]} is corrupted or does not belong to the image: its content has diffID {diffId}, the config expects {diffIds[i]}");
                }
                // Uncompressed layers (legacy layer.tar, skopeo's docker-archive) are kept byte-exact with the tar media type.
                plan.Blobs.TryAdd(layer.Digest, layer);
                layers.Add(new Descriptor { MediaType = LayerMediaTypes.For(layer.Compression), Digest = layer.Digest, Size = layer.Size });
            }
            plan.Blobs.TryAdd(configBlob.Digest, configBlob);
            var manifest = StoredManifest.Create(new ImageManifest
            {
                MediaType = MediaTypes.OciManifest,
                Config = config.ToDescriptor(MediaTypes.OciConfig),
                Layers = layers,
            });
            plan.Documents.Add(manifest);
            var tags = entry.RepoTags ?? [];
            if (tags.Count == 0) loaded.Add(new ArchiveEntry(null, manifest, manifest));
            foreach (var tag in tags) loaded.Add(new ArchiveEntry(ParseRepoTag(plan.Source.Name, tag), manifest, manifest));
        }
        return loaded;
    }

    /// <summary>The combined form names images in both files; names only manifest.json has are added too.</summary>
    private static void AddRepoTags(Plan plan, List<ArchiveEntry> loaded)
    {
        foreach (var entry in ReadDockerManifest(plan.Source))
        {
            var configDigest = OciLayout.DigestOfBlobPath(ArchivePath.Normalize(entry.Config, plan.Source.Name))
                ?? plan.Source.Stage(entry.Config, computeDiffId: false).Digest;
            var image = loaded.FirstOrDefault(l => l.Id == configDigest);
            if (image is null) continue;
            foreach (var tag in entry.RepoTags ?? [])
            {
                var reference = ParseRepoTag(plan.Source.Name, tag);
                if (loaded.Any(l => l.Reference == reference)) continue;
                var unnamed = loaded.FindIndex(l => l.Id == configDigest && l.Reference is null);
                if (unnamed >= 0) loaded[unnamed] = loaded[unnamed] with { Reference = reference };
                else loaded.Add(image with { Reference = reference });
            }
        }
    }

    private static (StoredConfig Config, StagedBlob Blob) ReadConfig(Plan plan, string path)
    {
        var staged = plan.Source.Stage(path, computeDiffId: false);
        CheckNamedDigest(plan.Source.Name, path, staged);
        var bytes = staged.ReadBytes() ?? throw new HoistException($"{plan.Source.Name}: config {path} is too large");
        try
        {
            return (StoredConfig.FromBytes(bytes), staged);
        }
        catch (HoistException e)
        {
            throw new HoistException($"{plan.Source.Name}: {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Names that carry a digest (<c>blobs/sha256/HEX</c>, legacy <c>HEX.json</c>) are checked against the content, so
    /// a corrupted config or layer is caught by name before anything else.
    /// </summary>
    private static void CheckNamedDigest(string archive, string path, StagedBlob staged)
    {
        var normalized = ArchivePath.Normalize(path, archive);
        Digest? named = OciLayout.DigestOfBlobPath(normalized);
        if (named is null && normalized.EndsWith(".json", StringComparison.Ordinal) && !normalized.Contains('/')
            && Digest.TryParse("sha256:" + normalized[..^5], out var legacy))
        {
            named = legacy;
        }
        if (named is { } expected && expected != staged.Digest)
        {
            throw new HoistException($"{archive}: {path} is corrupted: its content has digest {staged.Digest}");
        }
    }

    private static IReadOnlyList<DockerManifestEntry> ReadDockerManifest(ArchiveSource source)
    {
        try
        {
            var entries = JsonSerializer.Deserialize(source.ReadSmall(DockerManifestFile), FormatsJsonContext.Default.ListDockerManifestEntry);
            if (entries is null || entries.Any(e => e is null || e.Config is null || e.Layers is null))
            {
                throw new HoistException($"{source.Name}: invalid manifest.json: every entry needs Config and Layers");
            }
            return entries;
        }
        catch (JsonException e)
        {
            throw new HoistException($"{source.Name}: invalid manifest.json: {e.Message}", e);
        }
    }

    private static ImageReference ParseRepoTag(string archive, string tag) =>
        ImageReference.TryParse(tag, out var reference, out var error) && reference.Digest is null
            ? reference
            : throw new HoistException($"{archive}: invalid RepoTag \"{tag}\" in manifest.json: {error}");

    private static StoredIndex ParseIndex(byte[] bytes, string archive, string path)
    {
        try
        {
            return StoredIndex.FromBytes(bytes);
        }
        catch (HoistException e)
        {
            throw new HoistException($"{archive}: {path}: {e.Message}", e);
        }
    }

    /// <summary>What one load will commit: verified staged blobs, generated manifests, and the parsed documents.</summary>
    private sealed class Plan(ArchiveSource source)
    {
        public ArchiveSource Source { get; } = source;

        public Dictionary<Digest, StagedBlob> Blobs { get; } = [];

        public List<StoredDocument> Documents { get; } = [];

        public Dictionary<Digest, StoredDocument> Parsed { get; } = [];

        /// <summary>The <c>org.opencontainers.image.ref.name</c> (a tag such as <c>latest</c>) of index.json entries.</summary>
        public Dictionary<Digest, List<string>> RefNames { get; } = [];

        public StagedBlob StageVerified(Descriptor descriptor, string what, bool computeDiffId = false)
        {
            if (Blobs.TryGetValue(descriptor.Digest, out var known)) return known;
            if (descriptor.Digest.Algorithm != "sha256")
            {
                throw new HoistException($"{Source.Name}: {what} {descriptor.Digest}: only sha256 digests are supported");
            }
            var path = OciLayout.BlobPath(descriptor.Digest);
            if (!Source.Exists(path)) throw new HoistException($"{Source.Name}: {what} blob {descriptor.Digest} is missing from the archive");
            var staged = Source.Stage(path, computeDiffId);
            if (staged.Digest != descriptor.Digest)
            {
                throw new HoistException($"{Source.Name}: {what} blob {descriptor.Digest} is corrupted: its content has digest {staged.Digest}");
            }
            if (staged.Size != descriptor.Size)
            {
                throw new HoistException($"{Source.Name}: {what} blob {descriptor.Digest} has {staged.Size} bytes, its descriptor says {descriptor.Size}");
            }
            Blobs[descriptor.Digest] = staged;
            return staged;
        }
    }
}
