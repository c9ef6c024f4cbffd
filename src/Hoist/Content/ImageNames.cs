using System.Text.Json;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Content;

/// <summary>
/// Image names → manifest digests, kept in <c>images.json</c> as full references
/// (<c>docker.io/library/busybox:latest</c>). Readers need no lock: the file is only ever replaced by rename.
/// Writers take <c>names.lock</c> so concurrent tags from several processes are never lost. Images kept without a
/// name (an untagged docker-archive load, as docker's <c>&lt;none&gt;</c> images) are listed in <c>untagged.json</c>,
/// by manifest digest, until they are tagged or removed; they are found by ID like any other image.
/// </summary>
public sealed class ImageNames
{
    private readonly ContentStore _store;

    internal ImageNames(ContentStore store) => _store = store;

    private string FilePath => Path.Combine(_store.Root, "images.json");

    private string LockPath => Path.Combine(_store.Root, "names.lock");

    private string UntaggedPath => Path.Combine(_store.Root, "untagged.json");

    /// <summary>All names, sorted by reference.</summary>
    public IReadOnlyList<ImageName> List()
    {
        var names = new List<ImageName>();
        foreach (var (key, value) in Load(FilePath))
        {
            if (ImageReference.TryParse(key, out var reference, out _) && Digest.TryParse(value, out var digest))
            {
                names.Add(new ImageName(reference, digest));
            }
        }
        return names;
    }

    /// <summary>
    /// What a name the user gave means, as with <c>docker save</c>: a repository without tag or digest means all its
    /// tags; if it has none, or the text is anything else, it stands for itself (an image ID, or an error naming it).
    /// </summary>
    public IEnumerable<string> ExpandRepository(string given)
    {
        var nameOnly = !given.Contains('@') && given.LastIndexOf(':') <= given.LastIndexOf('/');
        if (!nameOnly || !ImageReference.TryParse(given, out var reference, out _)) return [given];
        var tags = List().Where(n => n.Reference.Repository == reference.Repository).Select(n => n.Reference.ToString()).ToList();
        return tags.Count > 0 ? tags : [given];
    }

    /// <summary>The targets (manifest or index digests) of images kept without a name, sorted.</summary>
    public IReadOnlyList<Digest> ListUntagged() =>
        [.. Load(UntaggedPath).Keys.Select(key => Digest.TryParse(key, out var digest) ? digest : (Digest?)null).OfType<Digest>()];

    /// <summary>Keeps <paramref name="digest"/> as an image without a name, unless a name already points at it.</summary>
    public async Task AddUntaggedAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        if (!_store.Contains(digest)) throw new HoistException($"cannot keep image {digest}: it is not in the store");
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        if (Load(FilePath).Values.Contains(digest.ToString())) return;
        var untagged = Load(UntaggedPath);
        if (!untagged.TryAdd(digest.ToString(), "")) return;
        Save(UntaggedPath, untagged);
    }

    /// <summary>Forgets an image kept without a name; false if it was not kept.</summary>
    public async Task<bool> RemoveUntaggedAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        return RemoveUntagged(digest);
    }

    private bool RemoveUntagged(Digest digest)
    {
        var untagged = Load(UntaggedPath);
        if (!untagged.Remove(digest.ToString())) return false;
        Save(UntaggedPath, untagged);
        return true;
    }

    public Digest? Lookup(ImageReference reference) =>
        Load(FilePath).TryGetValue(Key(reference), out var value) && Digest.TryParse(value, out var digest) ? digest : null;

    /// <summary>Points <paramref name="reference"/> at <paramref name="digest"/>, which must be in the store.</summary>
    public async Task SetAsync(ImageReference reference, Digest digest, CancellationToken cancellationToken = default)
    {
        if (!_store.Contains(digest)) throw new HoistException($"cannot tag {reference.Familiar}: {digest} is not in the store");
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var names = Load(FilePath);
        var key = Key(reference);
        // A rebuild that changed nothing tags the same image again: the file (and its fsyncs) stays as it is.
        if (!names.TryGetValue(key, out var current) || current != digest.ToString())
        {
            names[key] = digest.ToString();
            Save(FilePath, names);
        }
        RemoveUntagged(digest); // named now: no longer a <none> image
    }

    /// <summary>Removes a name; false if it did not exist.</summary>
    public async Task<bool> RemoveAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var names = Load(FilePath);
        if (!names.Remove(Key(reference))) return false;
        Save(FilePath, names);
        return true;
    }

    internal Task<FileLock> LockAsync(CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(LockPath, exclusive: true, cancellationToken);

    private static string Key(ImageReference reference)
    {
        if (reference.Tag is null || reference.Digest is not null)
        {
            throw new HoistException($"\"{reference.Familiar}\": an image name needs a tag and no digest");
        }
        return reference.ToString();
    }

    private static SortedDictionary<string, string> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
        try
        {
            var loaded = JsonSerializer.Deserialize(bytes, ContentJsonContext.Default.SortedDictionaryStringString);
            return new SortedDictionary<string, string>(loaded ?? [], StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new HoistException($"{path} is corrupted: {e.Message}", e);
        }
    }

    private void Save(string path, SortedDictionary<string, string> names)
    {
        AtomicFile.Write(path, file => JsonSerializer.Serialize(file, names, ContentJsonContext.Default.SortedDictionaryStringString),
            new AtomicWriteOptions { Durable = true, TempDirectory = _store.IngestDirectory });
    }
}
