using System.IO.Compression;
using Hoist.Archives;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;

namespace Hoist.Building.Copy;

/// <summary>
/// Opens the tar inside a file ADD extracts, whichever of BuildKit's compressions (gzip, bzip2, xz, zstd, or none)
/// its magic bytes show. bzip2 and xz are decoded by SharpCompress (managed, AOT-clean); gzip and zstd as layers are.
/// </summary>
public static class ArchiveDecompressor
{
    public static Stream OpenRead(Stream archive, bool leaveOpen = false)
    {
        var magic = new byte[6];
        var read = archive.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        var replay = new PrefixedReadStream(magic, read, archive, leaveOpen);
        return ArchiveDetector.DetectCompression(magic.AsSpan(0, read)) switch
        {
            ArchiveCompression.Gzip => new GZipStream(replay, System.IO.Compression.CompressionMode.Decompress),
            ArchiveCompression.Zstd => new ZstdSharp.DecompressionStream(replay, leaveOpen: false),
            // Concatenated bzip2 streams (pbzip2, lbzip2) are one archive, as for Go's compress/bzip2.
            ArchiveCompression.Bzip2 => BZip2Stream.Create(replay, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true, leaveOpen: false),
            ArchiveCompression.Xz => new XZStream(replay),
            _ => replay,
        };
    }
}
