using Hoist.Posix;

namespace Hoist.Tests.Posix;

/// <summary>The one libc binding: lstat through statx, directory fsync, device numbers.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NativeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-native-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LStat_does_not_follow_a_symlink_and_sees_size_owner_and_times()
    {
        var file = Path.Combine(_dir, "file");
        File.WriteAllText(file, "12345");
        File.CreateSymbolicLink(Path.Combine(_dir, "link"), "file");

        var status = Native.LStat(file)!.Value;
        var link = Native.LStat(Path.Combine(_dir, "link"))!.Value;

        Assert.True(status.IsRegular);
        Assert.Equal(5, status.Size);
        Assert.Equal(File.GetLastWriteTimeUtc(file), status.ModificationTime.UtcDateTime);
        Assert.True(status.CtimeSeconds > 0);
        Assert.True(link.IsSymlink);
        Assert.Equal(Native.LStat(_dir)!.Value.Uid, status.Uid);
    }

    [Fact]
    public void LStat_of_a_missing_path_or_below_a_file_is_null()
    {
        File.WriteAllText(Path.Combine(_dir, "file"), "");

        Assert.Null(Native.LStat(Path.Combine(_dir, "missing")));
        Assert.Null(Native.LStat(Path.Combine(_dir, "file", "below")));
    }

    [Fact]
    public void A_directory_can_be_synced_and_a_missing_one_is_an_error()
    {
        Native.SyncDirectory(_dir);

        Assert.Throws<HoistException>(() => Native.SyncDirectory(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void Device_numbers_use_glibcs_makedev()
    {
        Assert.Equal(0x0103UL, Native.MakeDevice(1, 3));
        Assert.Equal(0x1001_0300UL, Native.MakeDevice(259, 65536));
    }
}
