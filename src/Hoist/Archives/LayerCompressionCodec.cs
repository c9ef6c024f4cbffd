using System.IO.Compression;

namespace Hoist.Archives;

/// <summary>Opens compressing writers and magic-sniffing decompressing readers for layer blobs.</summary>
public static class LayerCompressionCodec
{
    public const int DefaultGzipLevel = 6;
    public const int DefaultZstdLevel = 3;

    /// <summary>gzip 1f 8b, zstd frame 28 b5 2f fd; anything else is taken as an uncompressed tar.</summary>
    public static LayerCompression Detect(ReadOnlySpan<byte> start)
    {
        if (start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b) return LayerCompression.Gzip;
        if (start.Length >= 4 && start[..4].SequenceEqual((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd])) return LayerCompression.Zstd;
        return LayerCompression.None;
    }

    /// <summary>A stream of the uncompressed tar, whatever compression the blob uses.</summary>
    public static Stream OpenRead(Stream blob, bool leaveOpen = false)
    {
        var start = new byte[4];
        var filled = 0;
        try
        {
            while (filled < start.Length)
            {
                var read = blob.Read(start, filled, start.Length - filled);
                if (read == 0) break;
                filled += read;
            }
        }
        catch (IOException e)
        {
            throw new TarFormatException($"read failed ({e.Message})", e);
        }
        var replay = new PrefixedReadStream(start, filled, blob, leaveOpen);
        return Detect(start.AsSpan(0, filled)) switch
        {
            LayerCompression.Gzip => new GZipStream(replay, CompressionMode.Decompress),
            LayerCompression.Zstd => new ZstdSharp.DecompressionStream(replay, leaveOpen: false),
            _ => replay,
        };
    }

    /// <summary>
    /// A stream that compresses into <paramref name="output"/>; dispose it to finish. Gzip is written as parallel
    /// independent members unless <paramref name="parallelGzip"/> is false (one member, one core).
    /// </summary>
    /// <param name="members">For parallel gzip: records the members and reuses an earlier blob's (see <see cref="GzipMemberLog"/>).</param>
    public static Stream OpenWrite(Stream output, LayerCompression compression, int? level = null, bool parallelGzip = true, bool leaveOpen = false,
        GzipMemberLog? members = null) =>
        compression switch
        {
            LayerCompression.Gzip when parallelGzip => new ParallelGzipStream(output, level ?? DefaultGzipLevel, leaveOpen: leaveOpen, members: members),
            LayerCompression.Gzip => new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = level ?? DefaultGzipLevel }, leaveOpen),
            LayerCompression.Zstd => new ZstdSharp.CompressionStream(output, level ?? DefaultZstdLevel, leaveOpen: leaveOpen),
            LayerCompression.None => leaveOpen ? new NonClosingStream(output) : output,
            _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
        };
}
