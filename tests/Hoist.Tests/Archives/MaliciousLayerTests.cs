using System.IO.Compression;
using System.Text;
using Hoist.Archives;
using Xunit;

namespace Hoist.Tests.Archives;

/// <summary>
/// Crafted hostile layers applied to a root inside a sentinel directory: each is refused with a clear
/// HoistException or neutralised, and nothing outside the root changes.
/// </summary>
public sealed class MaliciousLayerTests
{
    private static TarEntry File(string name, int size = 0) => new() { Name = name, Type = TarEntryType.Regular, Mode = 0x1A4, Size = size };

    private static TarEntry Link(string name, string target, TarEntryType type = TarEntryType.Symlink) => new() { Name = name, Type = type, LinkTarget = target };

    /// <summary>Applies the layer; returns the exception (if any) after checking the sentinel is untouched.</summary>
    private static HoistException? ApplyInSentinel(Func<string, byte[]> layer, LayerApplyOptions? options = null)
    {
        using var tmp = new TempTree();
        var sentinel = tmp.Dir("sentinel");
        tmp.File("sentinel/outside-file", "precious");
        tmp.File("sentinel/dir/secret", "secret");
        var root = tmp.Dir("sentinel/root");
        tmp.File("sentinel/root/etc/passwd", "root:x:0:0");
        var before = TempTree.Snapshot(sentinel);
        before.Remove("root");
        HoistException? error = null;
        try
        {
            LayerApplier.Apply(new MemoryStream(layer(sentinel)), root, options);
        }
        catch (HoistException e)
        {
            error = e;
        }
        var after = TempTree.Snapshot(sentinel);
        foreach (var key in after.Keys.Where(k => k == "root" || k.StartsWith("root/", StringComparison.Ordinal)).ToList()) after.Remove(key);
        foreach (var key in before.Keys.Where(k => k.StartsWith("root/", StringComparison.Ordinal)).ToList()) before.Remove(key);
        Assert.Equal(before, after);
        return error;
    }

    private static byte[] Tar(params TarEntry[] entries) => WhiteoutTests.Layer(entries).ToArray();

    private static void Refused(Func<string, byte[]> layer, string messagePart, LayerApplyOptions? options = null)
    {
        var error = ApplyInSentinel(layer, options);
        Assert.NotNull(error);
        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Dot_dot_traversal_is_refused() => Refused(_ => Tar(File("../outside-file", 4)), "escapes the root");

    [Fact]
    public void Dot_dot_traversal_hidden_mid_path_is_refused() => Refused(_ => Tar(File("etc/../../outside-file", 4)), "escapes the root");

    [Fact]
    public void Absolute_names_are_confined_to_the_root() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(File(sentinel + "/outside-file", 4), File("/etc/shadow", 1))));

    [Fact]
    public void A_symlinked_parent_pointing_up_is_resolved_inside_the_root() =>
        Assert.Null(ApplyInSentinel(_ => Tar(Link("up", "../.."), File("up/outside-file", 3))));

    [Fact]
    public void A_symlinked_parent_with_an_absolute_target_is_resolved_inside_the_root() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(Link("abs", sentinel), File("abs/outside-file", 3), File("abs/dir/secret", 2))));

    [Fact]
    public void Writing_through_a_symlink_planted_by_the_layer_replaces_the_link() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(Link("f", sentinel + "/outside-file"), File("f", 5))));

    [Fact]
    public void Writing_through_a_relative_escaping_symlink_replaces_the_link() =>
        Assert.Null(ApplyInSentinel(_ => Tar(Link("etc/passwd", "../../outside-file"), File("etc/passwd", 5))));

    [Fact]
    public void A_hard_link_climbing_out_is_refused() => Refused(_ => Tar(Link("h", "../outside-file", TarEntryType.HardLink)), "escapes the root");

    [Fact]
    public void A_hard_link_with_an_absolute_target_outside_is_refused() =>
        Refused(sentinel => Tar(Link("h", sentinel + "/outside-file", TarEntryType.HardLink)), "does not exist");

    [Fact]
    public void A_hard_link_through_a_symlinked_parent_cannot_reach_outside() =>
        Refused(sentinel => Tar(Link("d", sentinel + "/dir"), Link("h", "d/secret", TarEntryType.HardLink)), "does not exist");

    [Fact]
    public void A_hard_link_to_a_symlink_links_the_symlink_not_its_target()
    {
        Assert.Null(ApplyInSentinel(sentinel => Tar(Link("s", sentinel + "/outside-file"), Link("h", "s", TarEntryType.HardLink), File("h", 7))));
    }

    [Fact]
    public void A_whiteout_of_dot_dot_is_refused() => Refused(_ => Tar(File(".wh..."), File("etc/.wh..")), "invalid whiteout");

    [Fact]
    public void A_whiteout_climbing_out_is_refused() => Refused(_ => Tar(File("../.wh.outside-file")), "escapes the root");

    [Fact]
    public void A_whiteout_through_a_symlinked_parent_stays_inside() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(Link("s", sentinel), File("s/.wh.outside-file"), File("s/dir/.wh.secret"))));

    [Fact]
    public void An_opaque_marker_at_the_root_or_through_a_symlink_only_clears_inside() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(Link("s", sentinel), File("s/.wh..wh..opq"), File(".wh..wh..opq"))));

    [Fact]
    public void Replacing_the_root_itself_is_refused() => Refused(_ => Tar(File("./", 0) with { Name = "." }), "replace the root");

    [Fact]
    public void Device_nodes_are_refused_unless_allowed()
    {
        Refused(_ => Tar(new TarEntry { Name = "mem", Type = TarEntryType.CharDevice, DeviceMajor = 1, DeviceMinor = 1 }), "device nodes are not allowed");
        Refused(_ => Tar(new TarEntry { Name = "sda", Type = TarEntryType.BlockDevice, DeviceMajor = 8, DeviceMinor = 0 }), "device nodes are not allowed");
        Assert.Null(ApplyInSentinel(_ => Tar(new TarEntry { Name = "mem", Type = TarEntryType.CharDevice, DeviceMajor = 1, DeviceMinor = 1 }), new LayerApplyOptions { Devices = DeviceNodePolicy.Skip }));
    }

    [Fact]
    public void A_symlink_loop_in_a_parent_is_refused() =>
        Refused(_ => Tar(Link("a", "b"), Link("b", "a"), File("a/x")), "too many levels");

    [Fact]
    public void A_huge_pax_header_is_refused_without_allocating_it()
    {
        var size = new byte[12];
        size[0] = 0x80;
        size[8] = 0x40; // 1 TiB
        Refused(_ => new RawTar().Entry("pax", 'x', sizeField: size).Build(end: false), "exceeds");
    }

    [Fact]
    public void A_huge_gnu_long_name_is_refused() => Refused(_ => new RawTar().Entry("././@LongLink", 'L', size: 64L << 20).Build(end: false), "exceeds");

    [Fact]
    public void A_truncated_file_body_is_refused() =>
        Refused(_ => new RawTar().Entry("f", '0', size: 10_000).Raw(new byte[700]).Build(end: false), "unexpected end");

    [Fact]
    public void A_truncated_header_is_refused() => Refused(_ => new RawTar().Entry("f").Build(end: false)[..300], "unexpected end");

    [Fact]
    public void Negative_and_overflowing_sizes_are_refused()
    {
        var negative = Enumerable.Repeat((byte)0xFF, 12).ToArray();
        Refused(_ => new RawTar().Entry("neg", '0', sizeField: negative).Build(), "negative size");
        var overflow = Enumerable.Repeat((byte)0xFF, 12).ToArray();
        overflow[0] = 0x80;
        Refused(_ => new RawTar().Entry("big", '0', sizeField: overflow).Build(), "overflows");
        // The largest octal size (64 GiB) on a short archive: read as far as it goes, then refused.
        Refused(_ => new RawTar().Entry("oct", '0', sizeField: Encoding.ASCII.GetBytes("777777777777")).Build(), "unexpected end");
        Refused(_ => new RawTar().Pax('x', ("size", "-5")).Entry("p").Build(), "non-negative");
    }

    [Fact]
    public void Malformed_pax_records_are_refused()
    {
        Refused(_ => new RawTar().Entry("pax", 'x', "99 path=x\n"u8.ToArray()).Entry("p").Build(), "PAX record");
        Refused(_ => new RawTar().Entry("pax", 'x', "abc path=x\n"u8.ToArray()).Entry("p").Build(), "PAX record");
        Refused(_ => new RawTar().Entry("pax", 'x', "11 path=xyz"u8.ToArray()).Entry("p").Build(), "PAX record");
    }

    [Fact]
    public void A_nul_inside_a_pax_path_is_refused() =>
        Refused(_ => new RawTar().Pax('x', ("path", "ok\0/../../outside-file")).Entry("p").Build(), "NUL");

    [Fact]
    public void A_bad_checksum_is_refused() => Refused(_ => new RawTar().Entry("f", badChecksum: true).Build(), "checksum");

    [Fact]
    public void Garbage_and_corrupt_compression_are_refused()
    {
        Refused(_ => Enumerable.Range(0, 2048).Select(i => (byte)(i * 7)).ToArray(), "invalid tar archive");
        Refused(_ => [0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "invalid tar archive");
        Refused(_ => [0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4, 5, 6, 7, 8, 9], "invalid tar archive");
        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Tar(File("a", 5000)));
        Refused(_ => gz.ToArray()[..(int)(gz.Length / 2)], "invalid tar archive");
    }

    [Fact]
    public void A_directory_whose_parent_is_later_swapped_for_a_symlink_does_not_get_its_mode_applied_outside() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(
            new TarEntry { Name = "a", Type = TarEntryType.Directory, Mode = 0x1ED },
            new TarEntry { Name = "a/dir", Type = TarEntryType.Directory, Mode = 0x1FF, ModificationTime = 1 },
            File(".wh.a"),
            Link("a", sentinel))));

    [Fact]
    public void A_directory_entry_over_a_planted_symlink_replaces_the_symlink() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(Link("d", sentinel + "/dir"), new TarEntry { Name = "d", Type = TarEntryType.Directory, Mode = 0x1FF }, File("d/secret", 1))));

    private static readonly LayerApplyOptions OverlayMarkers = new() { Whiteouts = WhiteoutStyle.Overlay };

    [Fact]
    public void Overlay_whiteouts_through_a_same_layer_absolute_symlink_stay_inside() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(Link("evil", sentinel + "/dir"), File("evil/.wh.x"), File("evil/sub/.wh..wh..opq")), OverlayMarkers));

    [Fact]
    public void Overlay_whiteouts_through_a_same_layer_relative_symlink_stay_inside() =>
        Assert.Null(ApplyInSentinel(_ => Tar(Link("evil", "../dir"), File("evil/.wh.secret"), File("evil/.wh..wh..opq"), File("evil/new/.wh..wh..opq")), OverlayMarkers));

    [Fact]
    public void Overlay_whiteouts_under_a_symlink_planted_later_in_the_layer_stay_inside() =>
        Assert.Null(ApplyInSentinel(sentinel => Tar(File("d/.wh.x"), File(".wh.d"), Link("d", sentinel + "/dir"), File("d/.wh.secret"), File("d/.wh..wh..opq")), OverlayMarkers));

    [Fact]
    public void A_hard_link_to_a_lower_file_through_a_symlink_cannot_reach_outside() =>
        Refused(sentinel => Tar(Link("d", sentinel + "/dir"), Link("h", "d/secret", TarEntryType.HardLink)), "does not exist",
            OverlayMarkers with { LowerHardLinkTarget = _ => null });
}
