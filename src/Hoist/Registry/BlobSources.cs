using System.Text.Json;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Registry;

/// <summary>
/// Which registry repositories are known to hold a blob, learnt from pulls and pushes, so that a push to another
/// repository of the same registry can mount it instead of uploading it (docker keeps the same facts in its
/// distribution metadata). Kept in <c>blob-sources.json</c> in the store: digest → <c>registry/repository</c>
/// names, newest first, a few per blob. Only a hint: a mount that fails falls back to an upload.
/// </summary>
public sealed class BlobSources
{
    private const int MaxSourcesPerBlob = 4;
    private readonly ContentStore _store;

    public BlobSources(ContentStore store) => _store = store;

    private string FilePath => Path.Combine(_store.Root, "blob-sources.json");

    private string LockPath => Path.Combine(_store.Root, "blob-sources.lock");

    /// <summary>Repositories on <paramref name="registry"/> known to hold <paramref name="digest"/>, newest first.</summary>
    public IReadOnlyList<string> RepositoriesFor(Digest digest, string registry)
    {
        var prefix = registry + "/";
        return Load().TryGetValue(digest.ToString(), out var names)
            ? names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => n[prefix.Length..]).ToList()
            : [];
    }

    /// <summary>Records that <paramref name="repository"/> holds every blob in <paramref name="digests"/>.</summary>
    public async Task RecordAsync(ImageReference repository, IEnumerable<Digest> digests, CancellationToken cancellationToken)
    {
        using var held = await FileLock.AcquireAsync(LockPath, exclusive: true, cancellationToken).ConfigureAwait(false);
        var sources = Load();
        var name = repository.Name;
        foreach (var digest in digests.Distinct())
        {
            var key = digest.ToString();
            var names = sources.TryGetValue(key, out var known) ? known : [];
            names.Remove(name);
            names.Insert(0, name);
            if (names.Count > MaxSourcesPerBlob) names.RemoveRange(MaxSourcesPerBlob, names.Count - MaxSourcesPerBlob);
            sources[key] = names;
        }
        // A hint for cross-repository mounts: losing it to a crash costs an upload, so no fsync.
        await AtomicFile.WriteAsync(FilePath,
            file => JsonSerializer.SerializeAsync(file, sources, RegistryJsonContext.Default.SortedDictionaryStringListString, cancellationToken),
            new AtomicWriteOptions { TempDirectory = _store.IngestDirectory }).ConfigureAwait(false);
    }

    private SortedDictionary<string, List<string>> Load()
    {
        try
        {
            var bytes = File.ReadAllBytes(FilePath);
            var loaded = JsonSerializer.Deserialize(bytes, RegistryJsonContext.Default.SortedDictionaryStringListString);
            return new SortedDictionary<string, List<string>>(loaded ?? [], StringComparer.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or JsonException)
        {
            // a hint only: a missing or damaged record means "no known sources", never a failed push
            return new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        }
    }
}
