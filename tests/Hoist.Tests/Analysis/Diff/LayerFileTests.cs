using System.Text;
using Hoist.Analysis.Diff;
using Hoist.Archives;

namespace Hoist.Tests.Analysis.Diff;

public sealed class LayerFileTests
{
    private static LayerFile File(string content = "sha256:1", int mode = 0b110_100_100, long uid = 0, long mtime = 100, string link = "",
        IReadOnlyDictionary<string, byte[]>? xattrs = null) =>
        new(new TarEntry
        {
            Name = "app/f", Type = link.Length > 0 ? TarEntryType.Symlink : TarEntryType.Regular, Mode = mode, Uid = uid, ModificationTime = mtime,
            LinkTarget = link, Xattrs = xattrs ?? new Dictionary<string, byte[]>(),
        }, content);

    [Fact]
    public void Identical_entries_have_no_differences() => Assert.Empty(File().Differences(File()));

    [Fact]
    public void Each_attribute_is_named_with_both_values()
    {
        Assert.Equal([new FieldDifference("content", "sha256:1", "sha256:2")], File().Differences(File(content: "sha256:2")));
        Assert.Equal([new FieldDifference("mode", "0644", "0600")], File().Differences(File(mode: 0b110_000_000)));
        Assert.Equal([new FieldDifference("owner", "0:0", "1000:0")], File().Differences(File(uid: 1000)));
        Assert.Equal([new FieldDifference("mtime", "100 (1970-01-01T00:01:40Z)", "200 (1970-01-01T00:03:20Z)")], File().Differences(File(mtime: 200)));
    }

    [Fact]
    public void Link_targets_and_xattrs_are_compared()
    {
        var capability = new Dictionary<string, byte[]> { ["security.capability"] = Encoding.ASCII.GetBytes("ab") };

        Assert.Contains(new FieldDifference("link target", "a", "b"), File(content: "", link: "a").Differences(File(content: "", link: "b")));
        Assert.Equal([new FieldDifference("xattr security.capability", null, "6162")], File().Differences(File(xattrs: capability)));
    }
}
