using System.IO.Compression;
using Hoist.Archives;

namespace Hoist.Building.Copy;

/// <summary>
/// Decides whether ADD extracts a local file: like BuildKit (moby/go-archive), by content only — a gzip, bzip2, xz or
/// zstd stream, or plain data, whose first tar header reads correctly. The name (<c>.tar.gz</c>) is irrelevant.
/// </summary>
public static class ArchiveDetector
{
    public static ArchiveCompression DetectCompression(ReadOnlySpan<byte> header) => header switch
    {
        [0x1F, 0x8B, 0x08, ..] => ArchiveCompression.Gzip,
        [0x42, 0x5A, 0x68, ..] => ArchiveCompression.Bzip2,
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, ..] => ArchiveCompression.Xz,
        [0x28, 0xB5, 0x2F, 0xFD, ..] => ArchiveCompression.Zstd,
        _ => ArchiveCompression.None,
    };

    /// <summary>
    /// True when <paramref name="stream"/> holds a tar archive. For gzip and plain data the first header's checksum is
    /// verified; bzip2, xz and zstd are trusted on their magic number, since the library carries no decoder for them.
    /// </summary>
    public static bool IsTarArchive(Stream stream)
    {
        Span<byte> magic = stackalloc byte[6];
        var read = ReadFully(stream, magic);
        var compression = DetectCompression(magic[..read]);
        switch (compression)
        {
            case ArchiveCompression.Bzip2 or ArchiveCompression.Xz or ArchiveCompression.Zstd:
                return true;
            case ArchiveCompression.Gzip:
                using (var chain = new PrefixedReadStream(magic[..read].ToArray(), read, stream, leaveOpen: true))
                using (var gzip = new GZipStream(chain, CompressionMode.Decompress))
                {
                    try
                    {
                        return HasTarHeader(gzip, []);
                    }
                    catch (InvalidDataException)
                    {
                        return false;
                    }
                }
            default:
                return HasTarHeader(stream, magic[..read]);
        }
    }

    /// <summary>Go's tar reader skips one all-zero block and needs a valid header (either checksum convention).</summary>
    private static bool HasTarHeader(Stream stream, ReadOnlySpan<byte> alreadyRead)
    {
        var block = new byte[512];
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var offset = 0;
            if (attempt == 0)
            {
                alreadyRead.CopyTo(block);
                offset = alreadyRead.Length;
            }
            if (offset + ReadFully(stream, block.AsSpan(offset)) < block.Length) return false;
            if (block.All(b => b == 0)) continue;
            return ChecksumMatches(block);
        }
        return false;
    }

    private static bool ChecksumMatches(byte[] block)
    {
        var field = System.Text.Encoding.ASCII.GetString(block, 148, 8).Trim(' ', '\0');
        if (field.Length == 0 || field.Any(c => c is < '0' or > '7')) return false;
        var expected = Convert.ToInt64(field, 8);
        long unsigned = 0, signed = 0;
        for (var i = 0; i < block.Length; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        return expected == unsigned || expected == signed;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
