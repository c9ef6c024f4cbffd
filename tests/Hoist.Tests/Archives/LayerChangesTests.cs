using Hoist.Archives;
using Hoist.Posix;
using Xunit;

namespace Hoist.Tests.Archives;

public sealed class LayerChangesTests
{
    private static List<string> Names(IEnumerable<LayerItem> items) => items.Select(i => i.Entry.Name).ToList();

    private static void CopyTree(string from, string to)
    {
        var (code, output) = TempTree.Run("cp", "-a", from + "/.", to);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void A_diff_holds_additions_changes_whiteouts_and_the_parents_of_changes()
    {
        using var tmp = new TempTree();
        var lower = tmp.Dir("lower");
        tmp.File("lower/etc/passwd", "root");
        tmp.File("lower/etc/hosts", "localhost");
        tmp.File("lower/usr/bin/keep", "keep");
        tmp.File("lower/usr/bin/gone", "gone");
        tmp.File("lower/var/cache/x", "x");
        tmp.File("lower/untouched/deep/file", "same");
        var upper = tmp.Dir("upper");
        CopyTree(lower, upper);
        File.WriteAllText(Path.Combine(upper, "etc/passwd"), "root+user");
        File.Delete(Path.Combine(upper, "usr/bin/gone"));
        Directory.Delete(Path.Combine(upper, "var/cache"), recursive: true);
        tmp.File("upper/usr/bin/new", "new");
        tmp.File("upper/opt/app/run", "run");
        Native.ChangeMode(Path.Combine(upper, "etc/hosts"), 0x180);

        var items = LayerChanges.BetweenDirectories(lower, upper).ToList();
        Assert.Equal(
            ["etc", "etc/hosts", "etc/passwd", "opt", "opt/app", "opt/app/run", "usr", "usr/bin", "usr/bin/.wh.gone", "usr/bin/new", "var", "var/.wh.cache"],
            Names(items));

        // Applying the diff to a copy of lower reproduces upper.
        var layer = new MemoryStream();
        LayerWriter.Write(items, layer);
        var applied = tmp.Dir("applied");
        CopyTree(lower, applied);
        layer.Position = 0;
        LayerApplier.Apply(layer, applied);
        Assert.Equal(TempTree.Snapshot(upper), TempTree.Snapshot(applied));
    }

    [Fact]
    public void Identical_trees_give_an_empty_diff()
    {
        using var tmp = new TempTree();
        tmp.File("lower/a/b", "b");
        var upper = tmp.Dir("upper");
        CopyTree(Path.Combine(tmp.Root, "lower"), upper);
        Assert.Empty(LayerChanges.BetweenDirectories(Path.Combine(tmp.Root, "lower"), upper));
    }

    [Fact]
    public void A_type_change_and_an_xattr_change_are_detected()
    {
        using var tmp = new TempTree();
        tmp.File("lower/was-file", "f");
        tmp.File("lower/was-dir/child", "c");
        tmp.File("lower/tagged", "t");
        var upper = tmp.Dir("upper");
        CopyTree(Path.Combine(tmp.Root, "lower"), upper);
        File.Delete(Path.Combine(upper, "was-file"));
        Directory.CreateDirectory(Path.Combine(upper, "was-file"));
        Directory.Delete(Path.Combine(upper, "was-dir"), recursive: true);
        File.WriteAllText(Path.Combine(upper, "was-dir"), "now a file");
        Native.TrySetXattr(Path.Combine(upper, "tagged"), "user.tag", [1]);
        var items = LayerChanges.BetweenDirectories(Path.Combine(tmp.Root, "lower"), upper).ToList();
        Assert.Equal(["tagged", "was-dir", "was-file"], Names(items));
        Assert.Equal(TarEntryType.Directory, items[2].Entry.Type);
    }

    [Fact]
    public void An_overlay_upper_dir_becomes_whiteouts_and_opaque_markers()
    {
        if (!TempTree.IsRoot) return; // 0/0 char devices and trusted.* xattrs need root, as overlayfs itself does.
        using var tmp = new TempTree();
        var upper = tmp.Dir("upper");
        tmp.File("upper/etc/new.conf", "new");
        Native.MakeNode(Path.Combine(upper, "etc/removed.conf"), 0x2000, 0, 0);
        var opaque = tmp.Dir("upper/var/lib/apt");
        Assert.True(Native.TrySetXattr(opaque, "trusted.overlay.opaque", "y"u8.ToArray()));
        tmp.File("upper/var/lib/apt/-first", "sorts before the marker");
        tmp.File("upper/var/lib/apt/lists", "l");

        var items = LayerChanges.FromOverlayUpper(upper).ToList();
        Assert.Equal(
            ["etc", "etc/new.conf", "etc/.wh.removed.conf", "var", "var/lib", "var/lib/apt", "var/lib/apt/.wh..wh..opq", "var/lib/apt/-first", "var/lib/apt/lists"],
            Names(items));
        Assert.DoesNotContain(items, i => i.Entry.Xattrs.Keys.Any(k => k.StartsWith("trusted.overlay.", StringComparison.Ordinal)));

        // Applied over a lower tree, the overlay semantics hold.
        var root = tmp.Dir("root");
        tmp.File("root/etc/removed.conf", "old");
        tmp.File("root/etc/kept.conf", "kept");
        tmp.File("root/var/lib/apt/old-list", "old");
        var layer = new MemoryStream();
        LayerWriter.Write(items, layer);
        layer.Position = 0;
        LayerApplier.Apply(layer, root);
        Assert.False(File.Exists(Path.Combine(root, "etc/removed.conf")));
        Assert.True(File.Exists(Path.Combine(root, "etc/kept.conf")));
        Assert.Equal(["-first", "lists"], Directory.EnumerateFileSystemEntries(Path.Combine(root, "var/lib/apt")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
