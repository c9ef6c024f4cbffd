using System.Text.Json;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// Writes images from the store as an OCI image layout (directory or tar) or as a docker archive, the way
/// <c>docker save</c> 25+ and BuildKit's exporters do: <c>index.json</c> entries carry
/// <c>io.containerd.image.name</c> (the full name) and <c>org.opencontainers.image.ref.name</c> (the tag); the docker
/// form adds <c>manifest.json</c> and <c>repositories</c> pointing at the same blobs. Blobs are copied byte-exact and
/// verified on the way out. Output depends only on the images and names given.
/// </summary>
public static class ImageSaver
{
    /// <summary>Writes a tar of the layout to <paramref name="output"/> (left open).</summary>
    public static Task SaveAsync(ContentStore store, IReadOnlyList<string> images, Stream output, ImageArchiveFormat format,
        CancellationToken cancellationToken = default) =>
        SaveAsync(store, images, new TarLayoutSink(output), format, cancellationToken);

    /// <summary>Writes the layout into a directory, adding to a layout already there.</summary>
    public static Task SaveToDirectoryAsync(ContentStore store, IReadOnlyList<string> images, string directory, ImageArchiveFormat format,
        CancellationToken cancellationToken = default) =>
        SaveAsync(store, images, new DirectoryLayoutSink(Path.GetFullPath(directory)), format, cancellationToken);

    /// <summary>
    /// Writes one image (a just-built one) under the given names — which need not be names in the store, as with
    /// BuildKit's oci and docker exporters — as a tar to <paramref name="output"/> (left open).
    /// </summary>
    public static Task SaveImageAsync(ContentStore store, LocalImage image, IReadOnlyList<ImageReference> names, Stream output,
        ImageArchiveFormat format, CancellationToken cancellationToken = default) =>
        SaveAsync(store, [image.Manifest.Digest.ToString()], new TarLayoutSink(output), format, cancellationToken, names, image);

    /// <summary>As <see cref="SaveImageAsync"/>, into a layout directory.</summary>
    public static Task SaveImageToDirectoryAsync(ContentStore store, LocalImage image, IReadOnlyList<ImageReference> names, string directory,
        ImageArchiveFormat format, CancellationToken cancellationToken = default) =>
        SaveAsync(store, [image.Manifest.Digest.ToString()], new DirectoryLayoutSink(Path.GetFullPath(directory)), format, cancellationToken, names, image);

    private static async Task SaveAsync(ContentStore store, IReadOnlyList<string> images, LayoutSink sink, ImageArchiveFormat format,
        CancellationToken cancellationToken, IReadOnlyList<ImageReference>? explicitNames = null, LocalImage? given = null)
    {
        if (images.Count == 0) throw new HoistException("no images to save");
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var selected = new List<(ImageReference? Reference, StoredDocument Target, LocalImage Image)>();
        var blobs = new SortedDictionary<string, Digest>(StringComparer.Ordinal);
        foreach (var name in explicitNames is null ? images.SelectMany(n => ExpandRepository(store, n)) : images)
        {
            var image = given ?? await store.ResolveImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            var target = image.Target;
            var collected = new SortedDictionary<string, Digest>(StringComparer.Ordinal);
            // An index whose other platforms were never pulled is written as the one platform we have, so the
            // archive is complete (every tool reading it would fail on a missing blob otherwise).
            if (target is StoredIndex index && !await CollectAsync(store, index, collected, 0, cancellationToken).ConfigureAwait(false))
            {
                target = image.Manifest;
                collected.Clear();
            }
            if (target is StoredManifest manifest && !await CollectAsync(store, manifest, collected, 0, cancellationToken).ConfigureAwait(false))
            {
                throw new HoistException($"image \"{name}\" is incomplete in the store: a layer or its config is missing");
            }
            foreach (var (key, digest) in collected) blobs[key] = digest;
            if (explicitNames is { Count: > 0 }) selected.AddRange(explicitNames.Select(n => ((ImageReference?)n, target, image)));
            else selected.Add((explicitNames is null ? NameOf(name, image) : null, target, image));
        }

        sink.Begin();
        foreach (var digest in blobs.Values) CopyBlob(store, sink, digest, cancellationToken);
        sink.WriteFile(OciLayout.IndexFile, BuildIndex(sink.ExistingIndex(), selected).Bytes);
        if (format == ImageArchiveFormat.Docker)
        {
            sink.WriteFile("manifest.json", BuildDockerManifest(await DockerManifestImagesAsync(store, selected, cancellationToken).ConfigureAwait(false)));
        }
        sink.WriteFile(OciLayout.LayoutFile, OciLayout.LayoutFileBytes);
        if (format == ImageArchiveFormat.Docker) sink.WriteFile("repositories", BuildRepositories(selected));
        sink.Finish();
    }

    /// <summary>
    /// A repository given without tag or digest means all its tags, as with docker save; if it has none the text is
    /// resolved as it is (an image ID, or an error naming it).
    /// </summary>
    public static IEnumerable<string> ExpandRepository(ContentStore store, string given)
    {
        var nameOnly = !given.Contains('@') && given.LastIndexOf(':') <= given.LastIndexOf('/');
        if (!nameOnly || !ImageReference.TryParse(given, out var reference, out _)) return [given];
        var tags = store.Names.List().Where(n => n.Reference.Repository == reference.Repository).Select(n => n.Reference.ToString()).ToList();
        return tags.Count > 0 ? tags : [given];
    }

    /// <summary>The name to record: the one the user gave if it names the image; none for an image ID or digest.</summary>
    private static ImageReference? NameOf(string given, LocalImage image) =>
        !given.StartsWith("sha256:", StringComparison.Ordinal) && ImageReference.TryParse(given, out var reference, out _)
        && reference.Digest is null && image.References.Contains(reference)
            ? reference
            : null;

    /// <summary>Adds a document and everything below it; false if something it needs is not in the store.</summary>
    private static async Task<bool> CollectAsync(ContentStore store, StoredDocument document, SortedDictionary<string, Digest> blobs,
        int depth, CancellationToken cancellationToken)
    {
        if (depth > 8) throw new HoistException($"image index {document.Digest} is nested too deeply");
        blobs[document.Digest.ToString()] = document.Digest;
        switch (document)
        {
            case StoredIndex index:
                foreach (var child in index.Index.Manifests)
                {
                    if (!store.Contains(child.Digest)) return false;
                    var childDocument = await store.ReadDocumentAsync(child.Digest, cancellationToken).ConfigureAwait(false);
                    if (!await CollectAsync(store, childDocument, blobs, depth + 1, cancellationToken).ConfigureAwait(false)) return false;
                }
                return true;
            case StoredManifest manifest:
                if (!store.Contains(manifest.Manifest.Config.Digest)) return false;
                blobs[manifest.Manifest.Config.Digest.ToString()] = manifest.Manifest.Config.Digest;
                foreach (var layer in manifest.Manifest.Layers)
                {
                    if (store.Contains(layer.Digest)) blobs[layer.Digest.ToString()] = layer.Digest;
                    else if (layer.Urls is not { Count: > 0 }) return false;
                }
                return true;
            default:
                return false;
        }
    }

    private static void CopyBlob(ContentStore store, LayoutSink sink, Digest digest, CancellationToken cancellationToken)
    {
        var size = store.SizeOf(digest) ?? throw new HoistException($"blob {digest} not found");
        using var file = store.OpenRead(digest);
        using var verified = new TeeHashingStream(file, copy: null);
        sink.WriteBlob(digest, size, verified, cancellationToken);
        if (digest.Algorithm == "sha256" && verified.Digest() != digest)
        {
            throw new HoistException($"blob {digest} is corrupted in the store: its content does not match its digest");
        }
    }

    private static StoredIndex BuildIndex(byte[]? existing, List<(ImageReference? Reference, StoredDocument Target, LocalImage Image)> selected)
    {
        var ours = new List<Descriptor>();
        foreach (var (reference, target, _) in selected)
        {
            var descriptor = target.ToDescriptor();
            if (reference is not null)
            {
                descriptor = descriptor with
                {
                    Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        [OciLayout.ContainerdImageNameAnnotation] = reference.ToString(),
                        [OciLayout.RefNameAnnotation] = reference.Tag!,
                    },
                };
            }
            if (!ours.Any(d => Same(d, descriptor))) ours.Add(descriptor);
        }
        var kept = new List<Descriptor>();
        if (existing is not null)
        {
            StoredIndex previous;
            try
            {
                previous = StoredIndex.FromBytes(existing);
            }
            catch (HoistException e)
            {
                throw new HoistException($"the existing index.json cannot be added to: {e.Message}", e);
            }
            // An entry with a name we write again is replaced; everything else in the layout stays listed.
            kept.AddRange(previous.Index.Manifests.Where(d => !ours.Any(o => Same(o, d) || (Name(o) is { } n && n == Name(d)))));
        }
        return StoredIndex.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [.. kept, .. ours] });
    }

    private static string? Name(Descriptor descriptor) =>
        descriptor.Annotations is { } a && (a.TryGetValue(OciLayout.ContainerdImageNameAnnotation, out var n) || a.TryGetValue(OciLayout.RefNameAnnotation, out n)) ? n : null;

    private static bool Same(Descriptor a, Descriptor b) => a.Digest == b.Digest && Name(a) == Name(b);

    /// <summary>
    /// The images manifest.json lists: one per platform of a multi-platform image, as <c>docker save</c> writes one,
    /// this machine's last so that a classic <c>docker load</c>, where the last entry keeps the tag, tags the host's image.
    /// </summary>
    private static async Task<List<(ImageReference? Reference, StoredManifest Manifest)>> DockerManifestImagesAsync(ContentStore store,
        List<(ImageReference? Reference, StoredDocument Target, LocalImage Image)> selected, CancellationToken cancellationToken)
    {
        var images = new List<(ImageReference?, StoredManifest)>();
        foreach (var (reference, target, image) in selected)
        {
            if (target is StoredIndex index)
            {
                foreach (var entry in index.Index.Manifests.Where(d => MediaTypes.IsManifest(d.MediaType) && d.Digest != image.Manifest.Digest
                    && d.Platform is { Os: not "unknown" }))
                {
                    images.Add((reference, (StoredManifest)await store.ReadDocumentAsync(entry.Digest, cancellationToken).ConfigureAwait(false)));
                }
            }
            images.Add((reference, image.Manifest));
        }
        return images;
    }

    private static byte[] BuildDockerManifest(List<(ImageReference? Reference, StoredManifest Manifest)> selected)
    {
        var entries = new List<DockerManifestEntry>();
        foreach (var group in selected.GroupBy(s => s.Manifest.Manifest.Config.Digest))
        {
            var manifest = group.First().Manifest.Manifest;
            var tags = group.Where(s => s.Reference is not null).Select(s => s.Reference!.Familiar).Distinct().ToList();
            entries.Add(new DockerManifestEntry
            {
                Config = OciLayout.BlobPath(manifest.Config.Digest),
                RepoTags = tags.Count == 0 ? null : tags,
                Layers = manifest.Layers.Select(l => OciLayout.BlobPath(l.Digest)).ToList(),
            });
        }
        return JsonSerializer.SerializeToUtf8Bytes(entries, FormatsJsonContext.Default.ListDockerManifestEntry);
    }

    /// <summary>The legacy <c>repositories</c> file: repository → tag → top layer, as docker save still writes it.</summary>
    private static byte[] BuildRepositories(List<(ImageReference? Reference, StoredDocument Target, LocalImage Image)> selected)
    {
        var repositories = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (reference, _, image) in selected)
        {
            if (reference?.Tag is not { } tag || image.Manifest.Manifest.Layers.Count == 0) continue;
            if (!repositories.TryGetValue(reference.FamiliarRepository, out var tags))
            {
                repositories[reference.FamiliarRepository] = tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }
            tags[tag] = image.Manifest.Manifest.Layers[^1].Digest.Hex;
        }
        return JsonSerializer.SerializeToUtf8Bytes(repositories, FormatsJsonContext.Default.SortedDictionaryStringSortedDictionaryStringString);
    }
}
