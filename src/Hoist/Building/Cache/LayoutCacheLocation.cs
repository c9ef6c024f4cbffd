using Hoist.Archives;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// A cache kept in a local directory (<c>type=local,dest=DIR</c> / <c>src=DIR</c>) as an OCI image layout whose
/// index.json names the cache manifest: the directory a CI system saves and restores between runs. Every file appears
/// by rename and index.json last, so an interrupted export leaves the previous cache readable; blobs the new manifest
/// no longer references are removed after it is published.
/// </summary>
public sealed class LayoutCacheLocation(string directory) : ICacheLocation
{
    /// <summary>The largest index.json or manifest read (they list entries, not content).</summary>
    private const long DocumentLimit = 16L << 20;

    public string Name => directory;

    public async Task PutBlobAsync(Descriptor blob, Func<Stream> open, CancellationToken cancellationToken)
    {
        var path = BlobPath(blob.Digest);
        if (new FileInfo(path) is { Exists: true } existing && existing.Length == blob.Size) return;
        await AtomicFile.WriteAsync(path, async output =>
        {
            await using var content = open();
            await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }, new AtomicWriteOptions { CreateParent = true }).ConfigureAwait(false);
    }

    public async Task GetBlobAsync(Descriptor blob, Stream destination, CancellationToken cancellationToken)
    {
        await using var file = OpenBlob(blob);
        if (file.Length != blob.Size) throw Mismatch(blob);
        await using var hashing = new HashingWriteStream(destination, leaveOpen: true);
        await file.CopyToAsync(hashing, cancellationToken).ConfigureAwait(false);
        if (hashing.BytesWritten != blob.Size || hashing.Digest() != blob.Digest) throw Mismatch(blob);
    }

    private HoistException Mismatch(Descriptor blob) => new($"{directory}: blob {blob.Digest} does not match its digest or size");

    public async Task<ImageManifest?> GetManifestAsync(CancellationToken cancellationToken)
    {
        var indexPath = Path.Combine(directory, OciLayout.IndexFile);
        if (!File.Exists(indexPath)) return null;
        var index = ImageIndex.Parse(await ReadDocumentAsync(indexPath, cancellationToken).ConfigureAwait(false));
        var descriptor = index.Manifests.FirstOrDefault(d => d.MediaType == MediaTypes.OciManifest)
            ?? throw new HoistException($"{directory} is not a hoist build cache (its index.json lists no image manifest)");
        if (descriptor.Size > DocumentLimit) throw new HoistException($"{directory}: cache manifest of {descriptor.Size} bytes is too large");
        using var bytes = new MemoryStream();
        await GetBlobAsync(descriptor, bytes, cancellationToken).ConfigureAwait(false);
        return ImageManifest.Parse(bytes.ToArray());
    }

    public async Task PutManifestAsync(byte[] manifest, CancellationToken cancellationToken)
    {
        var descriptor = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Sha256(manifest), Size = manifest.LongLength };
        await PutBlobAsync(descriptor, () => new MemoryStream(manifest, writable: false), cancellationToken).ConfigureAwait(false);
        var options = new AtomicWriteOptions { CreateParent = true };
        AtomicFile.WriteAllBytes(Path.Combine(directory, OciLayout.LayoutFile), OciLayout.LayoutFileBytes, options);
        var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [descriptor] };
        AtomicFile.WriteAllBytes(Path.Combine(directory, OciLayout.IndexFile), index.ToJsonBytes(), options);
        var parsed = ImageManifest.Parse(manifest);
        RemoveUnreferenced([descriptor.Digest, parsed.Config.Digest, .. parsed.Layers.Select(l => l.Digest)]);
    }

    private void RemoveUnreferenced(IReadOnlyCollection<Digest> kept)
    {
        var blobs = Path.Combine(directory, OciLayout.BlobsDirectory, "sha256");
        var keep = kept.Select(d => d.Hex).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(blobs))
        {
            if (!keep.Contains(Path.GetFileName(file))) File.Delete(file);
        }
    }

    private FileStream OpenBlob(Descriptor blob)
    {
        try
        {
            return new FileStream(BlobPath(blob.Digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"{directory}: blob {blob.Digest}: {e.Message}", e);
        }
    }

    private string BlobPath(Digest digest) => Path.Combine(directory, OciLayout.BlobPath(digest));

    private async Task<byte[]> ReadDocumentAsync(string path, CancellationToken cancellationToken)
    {
        if (new FileInfo(path).Length > DocumentLimit) throw new HoistException($"{path} is too large");
        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }
}
