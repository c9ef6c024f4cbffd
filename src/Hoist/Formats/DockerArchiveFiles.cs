using System.Text.Json;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>The files a docker archive adds to the layout an <see cref="ArchiveSink"/> writes: <c>manifest.json</c>
/// (what <c>docker load</c> reads) and the legacy <c>repositories</c>.</summary>
internal static class DockerArchiveFiles
{
    public const string ManifestFile = "manifest.json";

    public const string RepositoriesFile = "repositories";

    /// <summary>
    /// The images manifest.json lists: one per platform of a multi-platform image, as <c>docker save</c> writes one,
    /// the chosen platform's (this machine's) last so that a classic <c>docker load</c>, where the last entry keeps the
    /// tag, tags the host's image.
    /// </summary>
    public static async Task<List<(ImageReference? Reference, StoredManifest Manifest)>> ManifestsAsync(ContentStore store,
        IReadOnlyList<NamedImage> images, CancellationToken cancellationToken)
    {
        var manifests = new List<(ImageReference?, StoredManifest)>();
        foreach (var (reference, image) in images)
        {
            if (image.Target is StoredIndex index)
            {
                foreach (var entry in index.Index.Manifests.Where(d => MediaTypes.IsManifest(d.MediaType) && d.Digest != image.Manifest.Digest
                    && d.Platform is { Os: not "unknown" }))
                {
                    manifests.Add((reference, (StoredManifest)await store.ReadDocumentAsync(entry.Digest, cancellationToken).ConfigureAwait(false)));
                }
            }
            manifests.Add((reference, image.Manifest));
        }
        return manifests;
    }

    public static byte[] Manifest(List<(ImageReference? Reference, StoredManifest Manifest)> manifests)
    {
        var entries = new List<DockerManifestEntry>();
        foreach (var group in manifests.GroupBy(s => s.Manifest.Manifest.Config.Digest))
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
    public static byte[] Repositories(IReadOnlyList<NamedImage> images)
    {
        var repositories = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (reference, image) in images)
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
