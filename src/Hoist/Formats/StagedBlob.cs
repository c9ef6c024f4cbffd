using System.Security.Cryptography;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// A file read from an archive and hashed, not yet visible in the store: either small enough to hold in memory, or
/// written to an uncommitted <see cref="BlobWriter"/>. An import stages everything first and commits only once every
/// blob has been verified, so a bad archive leaves the store as it was.
/// </summary>
internal sealed class StagedBlob : IDisposable
{
    private readonly BlobWriter? _writer;
    private Digest? _diffId;

    private StagedBlob(Digest digest, long size, byte[]? bytes, BlobWriter? writer, Digest? diffId, LayerCompression compression)
    {
        Digest = digest;
        Size = size;
        Bytes = bytes;
        _writer = writer;
        _diffId = diffId;
        Compression = compression;
    }

    public Digest Digest { get; }

    public long Size { get; }

    /// <summary>The content, when it was small enough to keep in memory.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The compression its first bytes show (a JSON document reads as <see cref="LayerCompression.None"/>).</summary>
    public LayerCompression Compression { get; }

    /// <summary>Files up to this size are held in memory (manifests, configs, small layers).</summary>
    internal const int InMemoryLimit = 4 << 20;

    /// <summary>The digest of the content uncompressed (a layer's diffID).</summary>
    public Digest DiffId(string archive, string path)
    {
        if (_diffId is { } known) return known;
        if (Compression == LayerCompression.None || Bytes is null) return Digest;
        using var input = new MemoryStream(Bytes, writable: false);
        _diffId = HashUncompressed(input, archive, path);
        return _diffId.Value;
    }

    /// <summary>Reads <paramref name="content"/> to its end, staging it in the store's ingest area unless small.</summary>
    public static StagedBlob Stage(ContentStore store, Stream content, long? size, bool computeDiffId, string archive, string path)
    {
        if (size is { } known && known <= InMemoryLimit)
        {
            var bytes = new byte[known];
            try
            {
                content.ReadExactly(bytes);
            }
            catch (EndOfStreamException e)
            {
                throw new HoistException($"{archive}: {path} is truncated", e);
            }
            return new StagedBlob(Oci.Digest.Sha256(bytes), known, bytes, null, null, LayerCompressionCodec.Detect(bytes));
        }
        var writer = store.BeginWrite();
        try
        {
            using var tee = new TeeHashingStream(content, writer);
            var start = new byte[4];
            var filled = tee.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            var compression = LayerCompressionCodec.Detect(start.AsSpan(0, filled));
            Digest? diffId = null;
            if (computeDiffId && compression != LayerCompression.None)
            {
                diffId = HashUncompressed(new PrefixedReadStream(start, filled, tee, leaveOpen: true), archive, path);
            }
            tee.Drain();
            if (size is { } expected && tee.BytesRead != expected) throw new HoistException($"{archive}: {path} is truncated");
            return new StagedBlob(tee.Digest(), tee.BytesRead, null, writer, diffId, compression);
        }
        catch
        {
            writer.Dispose();
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

    /// <summary>Makes the blob visible in the store (verified once more by the store itself).</summary>
    public async Task CommitAsync(ContentStore store, CancellationToken cancellationToken)
    {
        if (Bytes is not null) await store.WriteAsync(Bytes, Digest, cancellationToken).ConfigureAwait(false);
        else if (store.Contains(Digest)) _writer!.Dispose();
        else await _writer!.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _writer?.Dispose();
}
