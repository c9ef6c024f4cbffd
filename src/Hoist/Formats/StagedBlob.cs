using System.Security.Cryptography;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// A file read from an archive, hashed on the way into a closed file of the import's <see cref="StagingDirectory"/>,
/// not yet visible in the store. An import stages everything first and commits only once every blob has been
/// verified, so a bad archive leaves the store as it was. Nothing is held in memory, whatever the file's size or
/// the number of files: JSON documents are read back when needed.
/// </summary>
internal sealed class StagedBlob : IDisposable
{
    private readonly string _file;
    private Digest? _diffId;

    private StagedBlob(string file, Digest digest, long size, Digest? diffId, LayerCompression compression)
    {
        _file = file;
        Digest = digest;
        Size = size;
        _diffId = diffId;
        Compression = compression;
    }

    public Digest Digest { get; }

    public long Size { get; }

    /// <summary>The compression its first bytes show (a JSON document reads as <see cref="LayerCompression.None"/>).</summary>
    public LayerCompression Compression { get; }

    /// <summary>The largest file read back as a JSON document (manifests, configs, index.json, manifest.json).</summary>
    internal const int MaxDocumentSize = 4 << 20;

    /// <summary>The content, when it is small enough to be a JSON document; null otherwise.</summary>
    public byte[]? ReadBytes() => Size <= MaxDocumentSize ? File.ReadAllBytes(_file) : null;

    /// <summary>The digest of the content uncompressed (a layer's diffID), computed from the staged file when not known yet.</summary>
    public Digest DiffId(string archive, string path)
    {
        if (_diffId is { } known) return known;
        if (Compression == LayerCompression.None) return Digest;
        using var input = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        _diffId = HashUncompressed(input, archive, path);
        return _diffId.Value;
    }

    /// <summary>Reads <paramref name="content"/> to its end into a new file of <paramref name="staging"/>, hashing it as it goes.</summary>
    public static StagedBlob Stage(StagingDirectory staging, Stream content, long? size, bool computeDiffId, string archive, string path)
    {
        var file = staging.NewFilePath();
        try
        {
            using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            using var tee = new TeeHashingStream(content, output);
            var start = new byte[4];
            var filled = tee.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            var compression = LayerCompressionCodec.Detect(start.AsSpan(0, filled));
            Digest? diffId = null;
            if (computeDiffId && compression != LayerCompression.None)
            {
                try
                {
                    diffId = HashUncompressed(new PrefixedReadStream(start, filled, tee, leaveOpen: true), archive, path);
                }
                catch (HoistException)
                {
                    // Not a valid layer, or a corrupted one: its digest check names the file first; DiffId fails later if asked.
                }
            }
            tee.Drain();
            if (size is { } expected && tee.BytesRead != expected) throw new HoistException($"{archive}: {path} is truncated");
            return new StagedBlob(file, tee.Digest(), tee.BytesRead, diffId, compression);
        }
        catch
        {
            Delete(file);
            throw;
        }
    }

    private static Digest HashUncompressed(Stream compressed, string archive, string path)
    {
        try
        {
            using var uncompressed = LayerCompressionCodec.OpenRead(compressed, leaveOpen: true);
            return Oci.Digest.FromSha256Hash(SHA256.HashData(uncompressed));
        }
        catch (Exception e) when (e is InvalidDataException or TarFormatException or ZstdSharp.ZstdException or EndOfStreamException)
        {
            throw new HoistException($"{archive}: {path} is not a valid compressed layer: {e.Message}", e);
        }
    }

    /// <summary>Makes the blob visible in the store: made durable, then renamed into place (unless the store has it).</summary>
    public async Task CommitAsync(ContentStore store, CancellationToken cancellationToken)
    {
        if (store.Contains(Digest)) return;
        using (var file = new FileStream(_file, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            // Durable before visible: a crash after the rename must not expose a blob whose bytes were never written.
            file.Flush(flushToDisk: true);
        }
        await store.PublishAsync(_file, Digest, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => Delete(_file);

    private static void Delete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the staging directory goes as a whole at the end
        }
    }
}
