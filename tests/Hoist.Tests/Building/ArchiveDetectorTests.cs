using System.Formats.Tar;
using System.IO.Compression;
using Hoist.Building.Copy;

namespace Hoist.Tests.Building;

/// <summary>ADD unpacks by content, never by file name.</summary>
public sealed class ArchiveDetectorTests
{
    [Fact]
    public void Plain_and_gzipped_tars_are_archives()
    {
        Assert.True(ArchiveDetector.IsTarArchive(new MemoryStream(Tar(TarEntryFormat.Ustar))));
        Assert.True(ArchiveDetector.IsTarArchive(new MemoryStream(Tar(TarEntryFormat.Pax))));
        Assert.True(ArchiveDetector.IsTarArchive(new MemoryStream(Tar(TarEntryFormat.Gnu))));
        Assert.True(ArchiveDetector.IsTarArchive(new MemoryStream(Gzip(Tar(TarEntryFormat.Pax)))));
    }

    [Fact]
    public void Other_content_is_not()
    {
        Assert.False(ArchiveDetector.IsTarArchive(new MemoryStream([])));
        Assert.False(ArchiveDetector.IsTarArchive(new MemoryStream("just some text that is long enough"u8.ToArray())));
        Assert.False(ArchiveDetector.IsTarArchive(new MemoryStream(Gzip("compressed text, not a tar"u8.ToArray()))));
        Assert.False(ArchiveDetector.IsTarArchive(new MemoryStream(new byte[1024])));
        var corrupt = Tar(TarEntryFormat.Ustar);
        corrupt[0] ^= 0xFF;
        Assert.False(ArchiveDetector.IsTarArchive(new MemoryStream(corrupt)));
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0 }, ArchiveCompression.Gzip)]
    [InlineData(new byte[] { 0x42, 0x5A, 0x68, 0x39 }, ArchiveCompression.Bzip2)]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }, ArchiveCompression.Xz)]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, ArchiveCompression.Zstd)]
    [InlineData(new byte[] { 0x1F, 0x8B }, ArchiveCompression.None)]
    public void Compression_is_detected_by_magic(byte[] header, ArchiveCompression expected)
    {
        Assert.Equal(expected, ArchiveDetector.DetectCompression(header));
    }

    private static byte[] Tar(TarEntryFormat format)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, format, leaveOpen: true))
        {
            writer.WriteEntry(format switch
            {
                TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.Directory, "dir/"),
                TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.Directory, "dir/"),
                _ => new PaxTarEntry(TarEntryType.Directory, "dir/"),
            });
        }
        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }
}
