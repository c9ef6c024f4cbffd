using Hoist.Archives;
using Hoist.Posix;
using Xunit;

namespace Hoist.Tests.Archives;

/// <summary>GNU tar reads what we write; we read what GNU tar writes.</summary>
public sealed class InteropTests
{
    [Fact]
    public void Gnu_tar_lists_and_extracts_our_layers_including_xattrs_and_long_names()
    {
        using var tmp = new TempTree();
        var src = tmp.Dir("src");
        var longName = string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 8)) + "/file.txt";
        tmp.File("src/" + longName, "long");
        var ping = tmp.File("src/ping", "ping");
        Native.TrySetXattr(ping, "security.capability", TarRoundTripTests.Capability);
        Native.ChangeMode(ping, 0x9ED);
        File.CreateSymbolicLink(Path.Combine(src, "link"), new string('t', 200));
        Native.HardLink(ping, Path.Combine(src, "ping2"));
        var layer = Path.Combine(tmp.Root, "layer.tar.gz");
        LayerWriter.WriteDirectory(src, layer);

        var (code, listing) = TempTree.Run("tar", "-tvzf", layer);
        Assert.True(code == 0, listing);
        Assert.Contains(longName, listing);
        Assert.Contains("-rwsr-xr-x", listing);
        Assert.Contains("link to ping", listing);

        var dst = tmp.Dir("dst");
        var extract = TempTree.Run("tar", "--xattrs", "--xattrs-include=*", "-xzf", layer, "-C", dst);
        Assert.True(extract.ExitCode == 0, extract.Output);
        Assert.Equal("long", File.ReadAllText(Path.Combine(dst, longName)));
        Assert.Equal(new string('t', 200), new FileInfo(Path.Combine(dst, "link")).LinkTarget);
        if (TempTree.IsRoot) Assert.Equal(TarRoundTripTests.Capability, Native.GetXattr(Path.Combine(dst, "ping"), "security.capability"));
    }

    [Fact]
    public void Gnu_tar_posix_output_with_xattrs_applies_like_the_original_tree()
    {
        using var tmp = new TempTree();
        var src = tmp.Dir("src");
        tmp.File("src/" + new string('x', 180), "x");
        var file = tmp.File("src/bin/tool", "tool");
        Native.TrySetXattr(file, "user.note", [0, 1, 2, 250]);
        File.CreateSymbolicLink(Path.Combine(src, "bin/sym"), "tool");
        var archive = Path.Combine(tmp.Root, "gnu.tar");
        var (code, output) = TempTree.Run("tar", "--format=posix", "--xattrs", "--xattrs-include=*", "-cf", archive, "-C", src, ".");
        Assert.True(code == 0, output);
        var dst = tmp.Dir("dst");
        LayerApplier.Apply(archive, dst);
        Assert.Equal(TempTree.Snapshot(src), TempTree.Snapshot(dst));
    }
}
