namespace Hoist.Building.Copy;

/// <summary>
/// Decides whether ADD extracts a local file: like BuildKit (moby/go-archive), by content only — a gzip, bzip2, xz or
/// zstd stream, or plain data, whose first tar header (after decompression) reads correctly. The name (<c>.tar.gz</c>)
/// is irrelevant.
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
    /// True when <paramref name="stream"/> holds a tar archive: its first header, once decompressed, has a valid checksum.
    /// A stream that does not decompress is plain data, copied as is.
    /// </summary>
    public static bool IsTarArchive(Stream stream)
    {
        try
        {
            using var tar = ArchiveDecompressor.OpenRead(stream, leaveOpen: true);
            return HasTarHeader(tar);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or ZstdSharp.ZstdException
                                       or SharpCompress.Common.SharpCompressException)
        {
            return false;
        }
    }

    /// <summary>Go's tar reader skips one all-zero block and needs a valid header (either checksum convention).</summary>
    private static bool HasTarHeader(Stream stream)
    {
        var block = new byte[512];
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (ReadFully(stream, block) < block.Length) return false;
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
