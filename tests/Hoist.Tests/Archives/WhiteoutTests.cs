using Hoist.Archives;
using Hoist.Posix;
using Xunit;

namespace Hoist.Tests.Archives;

/// <summary>OCI whiteout rules (image-spec layer.md): deletions, opaque directories, and what they must not touch.</summary>
public sealed class WhiteoutTests
{
    private static TarEntry File(string name, string content = "") => new() { Name = name, Type = TarEntryType.Regular, Mode = 0x1A4, Size = content.Length };

    private static TarEntry Dir(string name) => new() { Name = name, Type = TarEntryType.Directory, Mode = 0x1ED };

    internal static MemoryStream Layer(params TarEntry[] entries)
    {
        var output = new MemoryStream();
        using (var writer = new PaxTarWriter(output, leaveOpen: true))
        {
            foreach (var entry in entries)
                writer.WriteEntry(entry, entry.Size > 0 ? new MemoryStream(new byte[entry.Size]) : null);
        }
        output.Position = 0;
        return output;
    }

    private static TempTree Lower(out string root)
    {
        var tmp = new TempTree();
        root = tmp.Dir("root");
        tmp.File("root/etc/passwd", "root");
        tmp.File("root/etc/group", "root");
        tmp.File("root/etc/sub/deep", "d");
        tmp.File("root/var/log/a", "a");
        System.IO.File.CreateSymbolicLink(Path.Combine(root, "link"), "/etc");
        return tmp;
    }

    [Fact]
    public void A_whiteout_deletes_the_named_file_only()
    {
        using var tmp = Lower(out var root);
        LayerApplier.Apply(Layer(File("etc/.wh.passwd")), root);
        Assert.False(System.IO.File.Exists(Path.Combine(root, "etc/passwd")));
        Assert.True(System.IO.File.Exists(Path.Combine(root, "etc/group")));
        Assert.False(System.IO.File.Exists(Path.Combine(root, "etc/.wh.passwd")));
    }

    [Fact]
    public void A_whiteout_deletes_a_whole_directory()
    {
        using var tmp = Lower(out var root);
        LayerApplier.Apply(Layer(File(".wh.var")), root);
        Assert.False(Directory.Exists(Path.Combine(root, "var")));
    }

    [Fact]
    public void A_whiteout_of_a_symlink_removes_the_link_not_its_target()
    {
        using var tmp = Lower(out var root);
        LayerApplier.Apply(Layer(File(".wh.link")), root);
        Assert.Null(Native.LStat(Path.Combine(root, "link")));
        Assert.True(System.IO.File.Exists(Path.Combine(root, "etc/passwd")));
    }

    [Fact]
    public void A_whiteout_of_something_missing_is_harmless()
    {
        using var tmp = Lower(out var root);
        var before = TempTree.Snapshot(root);
        LayerApplier.Apply(Layer(File(".wh.nothing"), File("nowhere/.wh.x")), root);
        Assert.Equal(before, TempTree.Snapshot(root));
    }

    [Fact]
    public void An_opaque_directory_hides_lower_children_but_keeps_the_layers_own_entries_in_any_order()
    {
        using var tmp = Lower(out var root);
        // "etc/a-new" sorts before the marker and "etc/z-new" after it: both belong to this layer and must stay.
        LayerApplier.Apply(Layer(Dir("etc"), File("etc/a-new", "n"), File("etc/.wh..wh..opq"), File("etc/z-new", "z")), root);
        Assert.Equal(["a-new", "z-new"], Directory.EnumerateFileSystemEntries(Path.Combine(root, "etc")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(root, "var/log")));
    }

    [Fact]
    public void A_whiteout_does_not_remove_what_the_same_layer_added()
    {
        using var tmp = Lower(out var root);
        LayerApplier.Apply(Layer(File("etc/new", "n"), File("etc/.wh.new"), File("etc/.wh.group")), root);
        Assert.True(System.IO.File.Exists(Path.Combine(root, "etc/new")));
        Assert.False(System.IO.File.Exists(Path.Combine(root, "etc/group")));
    }

    [Fact]
    public void Aufs_metadata_names_are_ignored()
    {
        using var tmp = Lower(out var root);
        var before = TempTree.Snapshot(root);
        LayerApplier.Apply(Layer(File(".wh..wh.plnk"), File("etc/.wh..wh.aufs")), root);
        Assert.Equal(before, TempTree.Snapshot(root));
    }

    [Fact]
    public void A_file_replaces_a_directory_and_a_directory_replaces_a_file()
    {
        using var tmp = Lower(out var root);
        LayerApplier.Apply(Layer(File("var", "now a file"), Dir("etc/passwd"), File("etc/passwd/inside")), root);
        Assert.True(System.IO.File.Exists(Path.Combine(root, "var")));
        Assert.True(System.IO.File.Exists(Path.Combine(root, "etc/passwd/inside")));
    }
}
