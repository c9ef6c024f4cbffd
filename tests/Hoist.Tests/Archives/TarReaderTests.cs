using Xunit;
using System.Text;
using Hoist.Archives;

namespace Hoist.Tests.Archives;

/// <summary>Reading the tar dialects of real images: GNU tar's formats and hand-made edge cases.</summary>
public sealed class TarReaderTests
{
    private static List<TarEntry> Entries(byte[] tar)
    {
        using var reader = new TarArchiveReader(new MemoryStream(tar));
        var result = new List<TarEntry>();
        while (reader.ReadNext() is { } entry) result.Add(entry);
        return result;
    }

    [Theory]
    [InlineData("gnu")]
    [InlineData("oldgnu")]
    [InlineData("posix")]
    [InlineData("ustar")]
    [InlineData("v7")]
    public void Reads_gnu_tar_output_in_each_format(string format)
    {
        using var tmp = new TempTree();
        var src = tmp.Dir("src");
        var deep = format is "ustar" or "v7" ? "short" : string.Join('/', Enumerable.Repeat("long-directory-name-x", 8));
        tmp.File($"src/{deep}/file.txt", "hello");
        File.CreateSymbolicLink(Path.Combine(src, "link"), format is "ustar" or "v7" ? "short-target" : new string('t', 150));
        var archive = Path.Combine(tmp.Root, "a.tar");
        var (code, output) = TempTree.Run("tar", $"--format={format}", "-cf", archive, "-C", src, ".");
        Assert.True(code == 0, output);
        var entries = Entries(File.ReadAllBytes(archive));
        var file = Assert.Single(entries, e => e.Name.EndsWith("file.txt", StringComparison.Ordinal));
        Assert.Equal($"./{deep}/file.txt", file.Name);
        Assert.Equal(5, file.Size);
        var link = Assert.Single(entries, e => e.Type == TarEntryType.Symlink);
        Assert.Equal(format is "ustar" or "v7" ? "short-target" : new string('t', 150), link.LinkTarget);
        Assert.Contains(entries, e => e.Type == TarEntryType.Directory && e.Name == "./" + deep);
    }

    [Fact]
    public void Gnu_long_name_and_long_link_headers_apply_to_the_next_entry()
    {
        var name = new string('n', 250);
        var target = new string('l', 180);
        var tar = new RawTar()
            .Entry("././@LongLink", 'L', Encoding.ASCII.GetBytes(name + "\0"), magic: "ustar  \0")
            .Entry("././@LongLink", 'K', Encoding.ASCII.GetBytes(target + "\0"), magic: "ustar  \0")
            .Entry("truncated", '2', link: "trunc", magic: "ustar  \0")
            .Build();
        var entry = Assert.Single(Entries(tar));
        Assert.Equal(name, entry.Name);
        Assert.Equal(target, entry.LinkTarget);
    }

    [Fact]
    public void Global_pax_headers_are_skipped_and_local_ones_apply_once()
    {
        var tar = new RawTar()
            .Pax('g', ("comment", "git archive commit id"), ("path", "should-not-apply"))
            .Pax('x', ("path", "from-pax"), ("uid", "4000000000"), ("mtime", "-1.5"), ("SCHILY.xattr.user.k", "v"))
            .Entry("ignored", '0', "data"u8.ToArray())
            .Entry("plain", '0')
            .Build();
        var entries = Entries(tar);
        Assert.Equal(["from-pax", "plain"], entries.Select(e => e.Name));
        Assert.Equal(4_000_000_000, entries[0].Uid);
        Assert.Equal(-2, entries[0].ModificationTime);
        Assert.Equal("v"u8.ToArray(), entries[0].Xattrs["user.k"]);
        Assert.Empty(entries[1].Xattrs);
    }

    [Fact]
    public void Base256_numbers_are_decoded()
    {
        var size = new byte[12];
        size[0] = 0x80;
        size[11] = 0x05;
        var tar = new RawTar().Entry("b256", '0', "12345"u8.ToArray(), sizeField: size).Build();
        var entry = Assert.Single(Entries(tar));
        Assert.Equal(5, entry.Size);
    }

    [Fact]
    public void Unread_content_is_skipped_and_partial_reads_continue_correctly()
    {
        var tar = new RawTar().Entry("a", '0', new byte[1000]).Entry("b", '0', "bee"u8.ToArray()).Build();
        using var reader = new TarArchiveReader(new MemoryStream(tar));
        reader.ReadNext();
        reader.OpenContent().ReadExactly(new byte[10]);
        var b = reader.ReadNext()!;
        Assert.Equal("b", b.Name);
        var content = new MemoryStream();
        reader.OpenContent().CopyTo(content);
        Assert.Equal("bee", Encoding.ASCII.GetString(content.ToArray()));
        Assert.Null(reader.ReadNext());
    }

    [Fact]
    public void A_v7_regular_entry_with_a_trailing_slash_is_a_directory()
    {
        var entry = Assert.Single(Entries(new RawTar().Entry("old-dir/", '\0', magic: "").Build()));
        Assert.Equal(("old-dir", TarEntryType.Directory), (entry.Name, entry.Type));
    }

    [Fact]
    public void Sparse_and_unknown_types_are_refused()
    {
        Assert.Throws<TarFormatException>(() => Entries(new RawTar().Entry("s", 'S').Build()));
        Assert.Throws<TarFormatException>(() => Entries(new RawTar().Entry("v", 'Z').Build()));
    }
}
