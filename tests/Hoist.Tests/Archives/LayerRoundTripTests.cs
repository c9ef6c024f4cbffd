using Hoist.Archives;
using Hoist.Posix;
using Xunit;

namespace Hoist.Tests.Archives;

/// <summary>Directory → layer → apply → the same directory, for every entry type and metadata kind.</summary>
public sealed class LayerRoundTripTests
{
    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    [InlineData(LayerCompression.None)]
    public void A_tree_with_every_entry_type_survives_write_and_apply(LayerCompression compression)
    {
        using var tmp = new TempTree();
        var src = tmp.Dir("src");
        var ping = tmp.File("src/bin/ping", "binary");
        Assert.True(Native.TrySetXattr(ping, "security.capability", TarRoundTripTests.Capability));
        Native.TrySetXattr(ping, "user.binary", [0, 1, 2, 255, (byte)'\n', (byte)'=']);
        Native.ChangeMode(ping, 0x9ED);
        Native.ChangeMode(tmp.File("src/bin/setgid", "g"), 0x5ED);
        Native.ChangeMode(tmp.Dir("src/tmp"), 0x3FF);
        var longDir = tmp.Dir("src/" + string.Join('/', Enumerable.Repeat("a-rather-long-directory-name-for-testing", 6)));
        File.WriteAllBytes(Path.Combine(longDir, "big.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(3 << 20));
        File.CreateSymbolicLink(Path.Combine(src, "bin/long-link"), "/" + new string('x', 300));
        File.CreateSymbolicLink(Path.Combine(src, "bin/rel"), "ping");
        Native.HardLink(ping, Path.Combine(src, "bin/ping-hard"));
        Native.MakeNode(Path.Combine(src, "fifo"), 0x1000 | 0x1A4, 0, 0);
        var owned = tmp.File("src/owned", "owned");
        Native.LChown(owned, 1234, 5678);
        if (TempTree.IsRoot)
        {
            tmp.Dir("src/dev");
            Native.MakeNode(Path.Combine(src, "dev/null"), 0x2000 | 0x1B6, 1, 3);
            Native.MakeNode(Path.Combine(src, "dev/loop0"), 0x6000 | 0x1B0, 7, 0);
        }

        var layer = new MemoryStream();
        var blob = LayerWriter.WriteDirectory(src, layer, new LayerWriteOptions { Compression = compression });
        Assert.Equal(layer.Length, blob.Size);
        Assert.Equal(Hoist.Oci.Digest.Sha256(layer.ToArray()), blob.Digest);
        Assert.Equal(LayerMediaTypes.For(compression), blob.MediaType);

        var dst = tmp.Dir("dst");
        layer.Position = 0;
        LayerApplier.Apply(layer, dst, new LayerApplyOptions { Devices = TempTree.IsRoot ? DeviceNodePolicy.Create : DeviceNodePolicy.Reject });
        Assert.Equal(TempTree.Snapshot(src), TempTree.Snapshot(dst));
        Assert.Equal(TarRoundTripTests.Capability, Native.GetXattr(Path.Combine(dst, "bin/ping"), "security.capability"));
        var original = Native.LStat(Path.Combine(dst, "bin/ping"))!.Value;
        var hard = Native.LStat(Path.Combine(dst, "bin/ping-hard"))!.Value;
        Assert.Equal(original.Inode, hard.Inode);
    }

    [Fact]
    public void Diff_id_is_the_digest_of_the_uncompressed_tar()
    {
        using var tmp = new TempTree();
        tmp.File("src/a", "a");
        var gz = new MemoryStream();
        var blob = LayerWriter.WriteDirectory(Path.Combine(tmp.Root, "src"), gz);
        gz.Position = 0;
        var tar = new MemoryStream();
        LayerCompressionCodec.OpenRead(gz).CopyTo(tar);
        Assert.Equal(Hoist.Oci.Digest.Sha256(tar.ToArray()), blob.DiffId);
    }

    [Fact]
    public void Owner_override_and_source_date_epoch_are_recorded()
    {
        using var tmp = new TempTree();
        var file = tmp.File("src/a", "a");
        File.SetLastWriteTimeUtc(file, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var old = tmp.File("src/old", "o");
        File.SetLastWriteTimeUtc(old, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var layer = new MemoryStream();
        LayerWriter.WriteDirectory(Path.Combine(tmp.Root, "src"), layer, new LayerWriteOptions
        {
            Compression = LayerCompression.None, SourceDateEpoch = 1_000_000_000, Uid = 0, Gid = 0, UserName = "root", GroupName = "root",
        });
        layer.Position = 0;
        using var reader = new TarArchiveReader(layer);
        var a = reader.ReadNext()!;
        var o = reader.ReadNext()!;
        Assert.Equal((1_000_000_000L, 0L, 0L, "root", "root"), (a.ModificationTime, a.Uid, a.Gid, a.UserName, a.GroupName));
        Assert.Equal(946_684_800L, o.ModificationTime);
    }

    [Fact]
    public void Applying_as_root_sets_owners_and_without_chown_leaves_them()
    {
        if (!TempTree.IsRoot) return;
        using var tmp = new TempTree();
        var owned = tmp.File("src/f", "x");
        Native.LChown(owned, 42, 43);
        var layer = new MemoryStream();
        LayerWriter.WriteDirectory(Path.Combine(tmp.Root, "src"), layer);
        layer.Position = 0;
        LayerApplier.Apply(layer, tmp.Dir("a"));
        Assert.Equal((42L, 43L), (Native.LStat(Path.Combine(tmp.Root, "a/f"))!.Value.Uid, Native.LStat(Path.Combine(tmp.Root, "a/f"))!.Value.Gid));
        layer.Position = 0;
        LayerApplier.Apply(layer, tmp.Dir("b"), new LayerApplyOptions { Chown = false });
        Assert.Equal(0L, Native.LStat(Path.Combine(tmp.Root, "b/f"))!.Value.Uid);
    }
}
