using System.Text.Json;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Content;

/// <summary>
/// Image names → manifest digests, kept in <c>images.json</c> as full references
/// (<c>docker.io/library/busybox:latest</c>). Readers need no lock: the file is only ever replaced by rename.
/// Writers take <c>names.lock</c> so concurrent tags from several processes are never lost.
/// </summary>
public sealed class ImageNames
{
    private readonly ContentStore _store;

    internal ImageNames(ContentStore store) => _store = store;

    private string FilePath => Path.Combine(_store.Root, "images.json");

    private string LockPath => Path.Combine(_store.Root, "names.lock");

    /// <summary>All names, sorted by reference.</summary>
    public IReadOnlyList<ImageName> List()
    {
        var names = new List<ImageName>();
        foreach (var (key, value) in Load())
        {
            if (ImageReference.TryParse(key, out var reference, out _) && Digest.TryParse(value, out var digest))
            {
                names.Add(new ImageName(reference, digest));
            }
        }
        return names;
    }

    public Digest? Lookup(ImageReference reference) =>
        Load().TryGetValue(Key(reference), out var value) && Digest.TryParse(value, out var digest) ? digest : null;

    /// <summary>Points <paramref name="reference"/> at <paramref name="digest"/>, which must be in the store.</summary>
    public async Task SetAsync(ImageReference reference, Digest digest, CancellationToken cancellationToken = default)
    {
        if (!_store.Contains(digest)) throw new HoistException($"cannot tag {reference.Familiar}: {digest} is not in the store");
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var names = Load();
        names[Key(reference)] = digest.ToString();
        Save(names);
    }

    /// <summary>Removes a name; false if it did not exist.</summary>
    public async Task<bool> RemoveAsync(ImageReference reference, CancellationToken cancellationToken = default)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var names = Load();
        if (!names.Remove(Key(reference))) return false;
        Save(names);
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

    private SortedDictionary<string, string> Load()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
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
            throw new HoistException($"{FilePath} is corrupted: {e.Message}", e);
        }
    }

    private void Save(SortedDictionary<string, string> names)
    {
        AtomicFile.Write(FilePath, file => JsonSerializer.Serialize(file, names, ContentJsonContext.Default.SortedDictionaryStringString),
            new AtomicWriteOptions { Durable = true, TempDirectory = _store.IngestDirectory });
    }
}
