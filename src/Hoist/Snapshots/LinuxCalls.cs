using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hoist.Snapshots;

/// <summary>
/// The few Linux system calls .NET does not expose: mount(2), umount2(2), statx(2) for file types and device numbers,
/// and the l*xattr family. Plain DllImport with UTF-8 strings keeps the library free of unsafe code and AOT-compatible.
/// </summary>
internal static class LinuxCalls
{
    public const int EINVAL = 22;
    public const int EBUSY = 16;
    public const int ENOENT = 2;
    public const int ENODATA = 61;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int MntDetach = 2;
    public const ulong MsRdOnly = 1;

    [DllImport("libc", EntryPoint = "mount", SetLastError = true)]
    private static extern int SysMount(string source, string target, string fileSystemType, nuint flags, string? data);

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int SysUmount2(string target, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int SysStatx(int dirFd, string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "lgetxattr", SetLastError = true)]
    private static extern nint SysLgetxattr(string path, string name, byte[]? value, nuint size);

    [DllImport("libc", EntryPoint = "lremovexattr", SetLastError = true)]
    private static extern int SysLremovexattr(string path, string name);

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    private static extern int SysLchown(string path, uint owner, uint group);

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int SysGetrlimit(int resource, [Out] ulong[] limits);

    /// <summary>getrlimit(RLIMIT_NOFILE) for this process (resource 7 on the 64-bit Linux ABIs .NET supports).</summary>
    public static (ulong Soft, ulong Hard) GetOpenFilesLimit()
    {
        var limits = new ulong[2];
        if (SysGetrlimit(7, limits) != 0) throw new IOException("getrlimit: " + ErrorText(Marshal.GetLastPInvokeError()));
        return (limits[0], limits[1]);
    }

    /// <summary>mount(2); returns 0 or the errno.</summary>
    public static int Mount(string source, string target, string type, ulong flags, string? data) =>
        SysMount(source, target, type, (nuint)flags, data) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Unmounts <paramref name="target"/>, detaching lazily when it is busy. False when it was not mounted.</summary>
    public static bool Unmount(string target)
    {
        if (SysUmount2(target, 0) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno is EINVAL or ENOENT) return false;
        if (errno == EBUSY && SysUmount2(target, MntDetach) == 0) return true;
        throw new HoistException($"unmounting {target}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>lstat-like status (does not follow a final symlink); null when the path does not exist.</summary>
    public static FileStatus? Lstat(string path)
    {
        var buffer = new byte[256];
        if (SysStatx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or 20 /* ENOTDIR */) return null;
            throw new IOException($"stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var span = buffer.AsSpan();
        return new FileStatus(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(span[28..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(span[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            Size: BinaryPrimitives.ReadInt64LittleEndian(span[40..]),
            DeviceMajor: BinaryPrimitives.ReadUInt32LittleEndian(span[128..]),
            DeviceMinor: BinaryPrimitives.ReadUInt32LittleEndian(span[132..]),
            FileSystemMajor: BinaryPrimitives.ReadUInt32LittleEndian(span[136..]),
            FileSystemMinor: BinaryPrimitives.ReadUInt32LittleEndian(span[140..]));
    }

    /// <summary>An extended attribute of the path itself (never a symlink's target); null when absent.</summary>
    public static byte[]? GetXattr(string path, string name)
    {
        var size = SysLgetxattr(path, name, null, 0);
        if (size < 0) return null;
        var value = new byte[size];
        var read = SysLgetxattr(path, name, value, (nuint)value.Length);
        return read < 0 ? null : value[..(int)read];
    }

    public static void RemoveXattr(string path, string name)
    {
        if (SysLremovexattr(path, name) != 0 && Marshal.GetLastPInvokeError() != ENODATA)
            throw new IOException($"removing {name} from {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    public static void Lchown(string path, uint uid, uint gid)
    {
        if (SysLchown(path, uid, gid) != 0)
            throw new IOException($"chown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException();
        File.SetUnixFileMode(path, mode);
    }

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
