using Hoist.Building.Engine;

namespace Hoist.Tests.Building.Engine;

/// <summary>Named volumes on disk: created once, listed, kept while in use, seeded from an image directory only when
/// empty (docker's copy-up), removed whole.</summary>
public sealed class VolumeStoreTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private VolumeStore Store => new(_tree.PathOf("state"));

    [Fact]
    public void A_volume_is_created_once_and_listed_by_name()
    {
        var first = Store.Create("data");
        File.WriteAllText(Path.Combine(first.Mountpoint, "kept"), "x");
        var again = Store.Create("data");
        Store.Create("cache");

        Assert.Equal(first, again);
        Assert.Equal(_tree.PathOf("state/volumes/data/_data"), first.Mountpoint);
        Assert.True(File.Exists(Path.Combine(again.Mountpoint, "kept")));
        Assert.Equal(["cache", "data"], Store.List().Select(v => v.Name));
        Assert.Equal(1, VolumeStore.SizeOf(first));
        Assert.False(first.Anonymous);
        Assert.True(Store.CreateAnonymous().Anonymous);
    }

    [Fact]
    public void A_volume_in_use_is_not_removed_until_its_container_is_done()
    {
        var volume = Store.Create("busy");

        using (Store.Use(volume))
        {
            Assert.True(Store.InUse(volume));
            Assert.False(Store.TryRemove(volume));
        }

        Assert.False(Store.InUse(volume));
        Assert.True(Store.TryRemove(volume));
        Assert.Null(Store.Get("busy"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.PathOf("state/volumes")));
    }

    [Fact]
    public void An_empty_volume_is_seeded_from_the_image_and_a_used_one_is_left_alone()
    {
        _tree.File("rootfs/etc/app/conf", "image's").Dir("rootfs/etc/app/sub").Link("rootfs/etc/app/link", "/etc/passwd");
        _tree.Mode("rootfs/etc/app", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _tree.Link("rootfs/config", "/etc/app");
        var volume = Store.Create("conf");
        var used = Store.Create("used");
        File.WriteAllText(Path.Combine(used.Mountpoint, "mine"), "volume's");

        VolumeStore.Seed(volume, _tree.PathOf("rootfs"), "/config");
        VolumeStore.Seed(used, _tree.PathOf("rootfs"), "/etc/app");
        VolumeStore.Seed(Store.Create("missing"), _tree.PathOf("rootfs"), "/nowhere");

        Assert.Equal("image's", File.ReadAllText(Path.Combine(volume.Mountpoint, "conf")));
        Assert.True(Directory.Exists(Path.Combine(volume.Mountpoint, "sub")));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(volume.Mountpoint, "link")).LinkTarget);
        Assert.Equal(0b111_000_000, Hoist.Posix.Native.LStat(volume.Mountpoint)!.Value.Permissions);
        Assert.Equal(["mine"], Directory.EnumerateFileSystemEntries(used.Mountpoint).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Store.Get("missing")!.Mountpoint));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("with space")]
    public void A_hostile_name_is_refused_before_touching_the_disk(string name)
    {
        var error = Assert.Throws<HoistException>(() => Store.Create(name));

        Assert.StartsWith($"create {name}: \"{name}\" includes invalid characters for a local volume name", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_tree.PathOf("state/volumes")));
    }
}
