using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// Images written as an OCI image layout (a directory or a tar) or a docker archive, the way <c>docker save</c> 25+ and
/// BuildKit's oci and docker exporters write them (go-containerregistry's <c>layout</c> and <c>tarball</c> sinks):
/// <c>index.json</c> entries carry <c>io.containerd.image.name</c> (the full name) and
/// <c>org.opencontainers.image.ref.name</c> (the tag); the docker form adds <c>manifest.json</c> and <c>repositories</c>
/// pointing at the same blobs. An index is written whole, with every platform image below it. Blobs are copied from
/// the store byte-exact and verified on the way out. The output depends only on the images and names given.
/// </summary>
public sealed class ArchiveSink : IImageSink
{
    private readonly ContentStore _store;
    private readonly LayoutFiles _files;
    private readonly ImageArchiveFormat _format;
    private readonly IReadOnlyList<ImageReference> _names;
    private readonly Descriptor? _described;

    private ArchiveSink(ContentStore store, LayoutFiles files, ImageArchiveFormat format, IReadOnlyList<ImageReference>? names,
        Descriptor? described)
    {
        _store = store;
        _files = files;
        _format = format;
        _names = names ?? [];
        _described = described;
    }

    /// <summary>A tar of the layout, written to <paramref name="output"/> (left open). A single image written with
    /// <see cref="WriteAsync(ResolvedImage, CancellationToken)"/> is recorded under <paramref name="names"/>, which need
    /// not be names in the store (as with BuildKit's exporters); its <c>index.json</c> entries start from
    /// <paramref name="described"/> (a build's descriptor, with its annotations and platform) when given.</summary>
    public static ArchiveSink ToTar(ContentStore store, Stream output, ImageArchiveFormat format, IReadOnlyList<ImageReference>? names = null,
        Descriptor? described = null) =>
        new(store, new LayoutTar(output), format, names, described);

    /// <summary>As <see cref="ToTar"/>, into a layout directory, adding to a layout already there.</summary>
    public static ArchiveSink ToDirectory(ContentStore store, string directory, ImageArchiveFormat format, IReadOnlyList<ImageReference>? names = null,
        Descriptor? described = null) =>
        new(store, new LayoutDirectory(Path.GetFullPath(directory)), format, names, described);

    public string Title => _format == ImageArchiveFormat.Docker ? "exporting to docker image format" : "exporting to oci image format";

    /// <summary>One image, under each of the sink's names (or none).</summary>
    public Task<ImageExport> WriteAsync(ResolvedImage image, CancellationToken cancellationToken) =>
        WriteAsync(_names.Count == 0 ? [new NamedImage(null, image)] : [.. _names.Select(n => new NamedImage(n, image))], cancellationToken);

    /// <summary>Several images, each under its own name (<c>hoist save a:1 b:2</c>).</summary>
    public async Task<ImageExport> WriteAsync(IReadOnlyList<NamedImage> images, CancellationToken cancellationToken)
    {
        if (images.Count == 0) throw new HoistException("no images to save");
        using var lease = await _store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var blobs = new SortedDictionary<string, Digest>(StringComparer.Ordinal);
        var written = new List<NamedImage>();
        foreach (var named in images) written.Add(await CollectAsync(named, blobs, cancellationToken).ConfigureAwait(false));

        _files.Begin();
        foreach (var digest in blobs.Values) CopyBlob(digest, cancellationToken);
        _files.WriteFile(OciLayout.IndexFile, LayoutIndexFile.Merge(_files.ExistingIndex(), written, _described).Bytes);
        if (_format == ImageArchiveFormat.Docker)
        {
            var manifests = await DockerArchiveFiles.ManifestsAsync(_store, written, cancellationToken).ConfigureAwait(false);
            _files.WriteFile(DockerArchiveFiles.ManifestFile, DockerArchiveFiles.Manifest(manifests));
        }
        _files.WriteFile(OciLayout.LayoutFile, OciLayout.LayoutFileBytes);
        if (_format == ImageArchiveFormat.Docker) _files.WriteFile(DockerArchiveFiles.RepositoriesFile, DockerArchiveFiles.Repositories(written));
        _files.Finish();
        return new ImageExport($"writing {written.Count} image{(written.Count == 1 ? "" : "s")}");
    }

    /// <summary>
    /// Adds the blobs of the image's target to <paramref name="blobs"/>. An index whose other platforms were never
    /// pulled is written as the one platform there is, so the archive is complete (every tool reading it would fail
    /// on a missing blob otherwise); the image is returned with that target.
    /// </summary>
    private async Task<NamedImage> CollectAsync(NamedImage named, SortedDictionary<string, Digest> blobs, CancellationToken cancellationToken)
    {
        var image = named.Image;
        var collected = new SortedDictionary<string, Digest>(StringComparer.Ordinal);
        if (image.Target is StoredIndex index && !await CollectAsync(index, collected, 0, cancellationToken).ConfigureAwait(false))
        {
            image = image with { Target = image.Manifest };
            collected.Clear();
        }
        if (image.Target is StoredManifest manifest && !await CollectAsync(manifest, collected, 0, cancellationToken).ConfigureAwait(false))
        {
            var name = named.Reference?.ToString() ?? image.Target.Digest.ToString();
            throw new HoistException($"image \"{name}\" is incomplete in the store: a layer or its config is missing");
        }
        foreach (var (key, digest) in collected) blobs[key] = digest;
        return named with { Image = image };
    }

    /// <summary>Adds a document and everything below it; false if something it needs is not in the store.</summary>
    private async Task<bool> CollectAsync(StoredDocument document, SortedDictionary<string, Digest> blobs, int depth, CancellationToken cancellationToken)
    {
        if (depth > 8) throw new HoistException($"image index {document.Digest} is nested too deeply");
        blobs[document.Digest.ToString()] = document.Digest;
        switch (document)
        {
            case StoredIndex index:
                foreach (var child in index.Index.Manifests)
                {
                    if (!_store.Contains(child.Digest)) return false;
                    var childDocument = await _store.ReadDocumentAsync(child.Digest, cancellationToken).ConfigureAwait(false);
                    if (!await CollectAsync(childDocument, blobs, depth + 1, cancellationToken).ConfigureAwait(false)) return false;
                }
                return true;
            case StoredManifest manifest:
                if (!_store.Contains(manifest.Manifest.Config.Digest)) return false;
                blobs[manifest.Manifest.Config.Digest.ToString()] = manifest.Manifest.Config.Digest;
                foreach (var layer in manifest.Manifest.Layers)
                {
                    if (_store.Contains(layer.Digest)) blobs[layer.Digest.ToString()] = layer.Digest;
                    else if (layer.Urls is not { Count: > 0 }) return false;
                }
                return true;
            default:
                return false;
        }
    }

    private void CopyBlob(Digest digest, CancellationToken cancellationToken)
    {
        var size = _store.SizeOf(digest) ?? throw new HoistException($"blob {digest} not found");
        using var file = _store.OpenRead(digest);
        using var verified = new TeeHashingStream(file, copy: null);
        _files.WriteBlob(digest, size, verified, cancellationToken);
        if (digest.Algorithm == "sha256" && verified.Digest() != digest)
        {
            throw new HoistException($"blob {digest} is corrupted in the store: its content does not match its digest");
        }
    }
}
