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
    [InlineData(XzTar)]
    [InlineData(Bzip2Tar)]
    public void Xz_and_bzip2_tars_are_archives_and_decompress_to_the_tar(string base64)
    {
        Assert.True(ArchiveDetector.IsTarArchive(new MemoryStream(Convert.FromBase64String(base64))));
        using var tar = ArchiveDecompressor.OpenRead(new MemoryStream(Convert.FromBase64String(base64)));
        using var reader = new TarReader(tar);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        Assert.Equal(["dir/", "dir/hello.txt"], names);
    }

    [Fact]
    public void Zstd_tars_are_archives()
    {
        using var buffer = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(buffer, leaveOpen: true)) zstd.Write(Tar(TarEntryFormat.Pax));
        Assert.True(ArchiveDetector.IsTarArchive(new MemoryStream(buffer.ToArray())));
    }

    [Theory]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    [InlineData(new byte[] { 0x42, 0x5A, 0x68, 0x39, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    public void A_broken_stream_behind_a_magic_number_is_plain_data(byte[] content)
    {
        Assert.False(ArchiveDetector.IsTarArchive(new MemoryStream(content)));
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

    // `tar -cf - dir` of dir/hello.txt ("hello\n"), through `xz` and `bzip2`.
    private const string XzTar = "/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4Cf/AHldADIaSqciBJSzSsi80f5CS2UkaaOPuQNj7RfF+B6Q7c2JZB1k/1PiC99x/H0Aq3I6n7jSo8q6R2NkXwAXK+zGOVJsFFtAXAK21rfe3V3v4P8gxR9SLyZFgd8b1kVkKmkOAX3JPpIFCjCt7zxVJFs16AagGxM1Xi5D1QAAAAAAg0o1aYkohooAAZUBgFAAABbiezKxxGf7AgAAAAAEWVo=";
    private const string Bzip2Tar = "QlpoOTFBWSZTWTKea8EAAI57hMmQAFBAAf+ACARmZJ5AAACACCAAdQ0p5IHqNNAekDQAVRUDTTQMgDBNqZKTZby1tkQK90IiHVbVWWXS4KjolEGoEjJB0DCGEcCImjQCGjgxndFIPWE+arMQyDfST6wYszweTJm4sWjapKjSi7eiD+LuSKcKEgZTzXgg";

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
