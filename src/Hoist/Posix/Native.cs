using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Posix;

/// <summary>
/// The one binding of the libc calls .NET does not offer: lstat with owner/inode/device numbers, xattrs, device nodes,
/// lchown, hard links and timestamps on symlinks, mount(2)/umount2(2), getrlimit(2). statx is used rather than lstat
/// because its struct has one layout on every architecture, and glibc only exports a plain lstat symbol since 2.33.
/// </summary>
internal static partial class Native
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;
    private const int Enoent = 2;
    private const int Ebusy = 16;
    private const int Enotdir = 20;
    private const int Einval = 22;
    private const int Erange = 34;
    private const int Enodata = 61;
    private const int Esrch = 3;
    private const int Eintr = 4;
    private const short PollIn = 1;
    private const int MntDetach = 2;
    private const int RlimitNoFile = 7;
    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC, the same on x86-64 and arm64
    private const int OpenPathCloseOnExec = 0x280000; // O_PATH | O_CLOEXEC, the same on x86-64 and arm64

    /// <summary>MS_RDONLY for <see cref="Mount"/>.</summary>
    public const ulong MsRdOnly = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        public int Reserved;
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Statx
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint LinkCount;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        public ushort Spare0;
        public ulong Inode;
        public ulong Size;
        public ulong Blocks;
        public ulong AttributesMask;
        public StatxTimestamp Atime;
        public StatxTimestamp Btime;
        public StatxTimestamp Ctime;
        public StatxTimestamp Mtime;
        public uint RdevMajor;
        public uint RdevMinor;
        public uint DevMajor;
        public uint DevMinor;
        public fixed ulong Spare2[14];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxCall(int dirfd, string path, int flags, uint mask, out Statx buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int StatxAtCall(SafeFileHandle dirfd, byte* path, int flags, uint mask, out Statx buffer);

    [LibraryImport("libc", EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LListXattr(string path, byte[]? list, nuint size);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LGetXattr(string path, string name, byte[]? value, nuint size);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LSetXattr(string path, string name, byte[] value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkNod(string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameCall(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkDir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChMod(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Unlink(string path);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RmDir(string path);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensAt(int dirfd, string path, Timespec[] times, int flags);

    [LibraryImport("libc", EntryPoint = "lremovexattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LRemoveXattr(string path, string name);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountCall(string source, string target, string fileSystemType, nuint flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRlimit(int resource, out ResourceLimit limit);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncCall(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncfsCall(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "pidfd_open", SetLastError = true)]
    private static partial int PidfdOpen(int pid, uint flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int Poll(PollDescriptor* descriptors, ulong count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    public static bool IsRoot { get; } = GetEuid() == 0;

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for a process that need not be our child to exit: a
    /// pidfd becomes readable when it has. True when it is gone (or already was); false when it still runs or the kernel
    /// cannot say (no pidfd).</summary>
    public static unsafe bool WaitForExit(int pid, int timeoutMilliseconds)
    {
        var descriptor = PidfdOpen(pid, 0);
        if (descriptor < 0) return Marshal.GetLastPInvokeError() == Esrch;
        try
        {
            var poll = new PollDescriptor { Descriptor = descriptor, Events = PollIn };
            var deadline = Environment.TickCount64 + timeoutMilliseconds;
            while (true)
            {
                var ready = Poll(&poll, 1, (int)Math.Max(0, deadline - Environment.TickCount64));
                if (ready >= 0) return ready > 0;
                if (Marshal.GetLastPInvokeError() != Eintr) return false;
            }
        }
        finally
        {
            Close(descriptor);
        }
    }

    /// <summary>lstat; null when the path does not exist (or a parent is not a directory).</summary>
    public static FileStatus? LStat(string path)
    {
        if (StatxCall(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, out var st) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir) return null;
            throw Failure("lstat", path, errno);
        }
        return Status(st);
    }

    /// <summary>A directory held open (O_PATH) so that its entries can be stat'ed by name with <see cref="LStatAt"/>:
    /// the kernel then walks one path component per entry instead of the whole path.</summary>
    public static SafeFileHandle OpenDirectoryPath(string path)
    {
        var fd = Open(path, OpenPathCloseOnExec);
        if (fd < 0) throw Failure("open", path, Marshal.GetLastPInvokeError());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>lstat of <paramref name="name"/> inside the directory <paramref name="directory"/>
    /// (<paramref name="pathForErrors"/> names it in errors); null when it does not exist. A name is at most 255 bytes
    /// (NAME_MAX), so it is encoded on the stack: no string per entry.</summary>
    public static unsafe FileStatus? LStatAt(SafeFileHandle directory, ReadOnlySpan<char> name, string pathForErrors)
    {
        Span<byte> encoded = stackalloc byte[Encoding.UTF8.GetMaxByteCount(256) + 1];
        if (name.Length > 256) throw Failure("lstat", pathForErrors, 36); // ENAMETOOLONG
        var length = Encoding.UTF8.GetBytes(name, encoded);
        encoded[length] = 0;
        int result;
        Statx st;
        fixed (byte* path = encoded) result = StatxAtCall(directory, path, AtSymlinkNoFollow, StatxBasicStats, out st);
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir) return null;
            throw Failure("lstat", pathForErrors, errno);
        }
        return Status(st);
    }

    private static FileStatus Status(in Statx st) =>
        new(st.Mode, st.Uid, st.Gid, (long)st.Size, st.Mtime.Seconds, st.Mtime.Nanoseconds,
            ((ulong)st.DevMajor << 32) | st.DevMinor, st.Inode, st.LinkCount, st.RdevMajor, st.RdevMinor,
            st.Ctime.Seconds, st.Ctime.Nanoseconds);

    /// <summary>All extended attributes of a path (not following a final symlink), sorted by name.</summary>
    public static SortedDictionary<string, byte[]> ListXattrs(string path)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var size = LListXattr(path, null, 0);
        if (size < 0) return IgnorableXattrError(Marshal.GetLastPInvokeError()) ? result : throw Failure("llistxattr", path, Marshal.GetLastPInvokeError());
        if (size == 0) return result;
        var names = new byte[size];
        size = LListXattr(path, names, (nuint)names.Length);
        if (size < 0) throw Failure("llistxattr", path, Marshal.GetLastPInvokeError());
        var start = 0;
        for (var i = 0; i < size; i++)
        {
            if (names[i] != 0) continue;
            if (i > start)
            {
                var name = Encoding.UTF8.GetString(names, start, i - start);
                var value = GetXattr(path, name);
                if (value is not null) result[name] = value;
            }
            start = i + 1;
        }
        return result;
    }

    public static byte[]? GetXattr(string path, string name)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var size = LGetXattr(path, name, null, 0);
            if (size < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Enodata || IgnorableXattrError(errno)) return null;
                throw Failure("lgetxattr", path, errno);
            }
            var value = new byte[size];
            var read = LGetXattr(path, name, value, (nuint)value.Length);
            if (read >= 0) return read == value.Length ? value : value[..(int)read];
            var again = Marshal.GetLastPInvokeError();
            if (again != Erange) throw Failure("lgetxattr", path, again);
        }
        throw new HoistException($"lgetxattr {path}: value keeps changing size");
    }

    /// <summary>Sets an xattr; false when the filesystem or our privileges do not allow it (as Docker, not fatal).</summary>
    public static bool TrySetXattr(string path, string name, byte[] value)
    {
        if (LSetXattr(path, name, value, (nuint)value.Length, 0) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        return IgnorableXattrError(errno) || errno == 1 ? false : throw Failure("lsetxattr", path, errno);
    }

    public static void LChown(string path, long uid, long gid) =>
        Check(LChown(path, (uint)uid, (uint)gid), "lchown", path);

    public static void MakeNode(string path, uint typeAndMode, long major, long minor) =>
        Check(MkNod(path, typeAndMode, MakeDevice((ulong)major, (ulong)minor)), "mknod", path);

    /// <summary>glibc's makedev encoding, so device numbers compare with what stat(1) prints.</summary>
    public static ulong MakeDevice(ulong major, ulong minor) =>
        ((major & 0xfffff000UL) << 32) | ((major & 0xfffUL) << 8) | ((minor & 0xffffff00UL) << 12) | (minor & 0xffUL);

    public static void MakeDirectory(string path, int mode) => Check(MkDir(path, (uint)mode), "mkdir", path);

    public static void ChangeMode(string path, int mode) => Check(ChMod(path, (uint)mode), "chmod", path);

    /// <summary>link(2) never follows a symlink named by <paramref name="existing"/> on Linux.</summary>
    public static void HardLink(string existing, string created) => Check(Link(existing, created), "link", created);

    /// <summary>rename(2): moves whatever the name is (a dangling symlink too) without following it.</summary>
    public static void Rename(string oldPath, string newPath) => Check(RenameCall(oldPath, newPath), "rename", oldPath);

    public static void RemoveFile(string path) => Check(Unlink(path), "unlink", path);

    public static void RemoveEmptyDirectory(string path) => Check(RmDir(path), "rmdir", path);

    public static void SetModificationTime(string path, long seconds, long nanoseconds)
    {
        var times = new[] { new Timespec { Seconds = seconds, Nanoseconds = nanoseconds }, new Timespec { Seconds = seconds, Nanoseconds = nanoseconds } };
        Check(UtimensAt(AtFdCwd, path, times, AtSymlinkNoFollow), "utimensat", path);
    }

    /// <summary>Removes an xattr of the path itself; an absent one is not an error.</summary>
    public static void RemoveXattr(string path, string name)
    {
        if (LRemoveXattr(path, name) == 0) return;
        var errno = Marshal.GetLastPInvokeError();
        if (errno != Enodata) throw Failure($"removing {name} from", path, errno);
    }

    /// <summary>chmod through .NET (follows symlinks, as chmod(2)); the wrapper keeps the Windows analyzers quiet.</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException();
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>mount(2); returns 0 or the errno.</summary>
    public static int Mount(string source, string target, string type, ulong flags, string? data) =>
        MountCall(source, target, type, (nuint)flags, data) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Unmounts <paramref name="target"/>, detaching lazily when it is busy. False when it was not mounted.</summary>
    public static bool Unmount(string target)
    {
        if (Umount2(target, 0) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno is Einval or Enoent) return false;
        if (errno == Ebusy && Umount2(target, MntDetach) == 0) return true;
        throw Failure("unmounting", target, Marshal.GetLastPInvokeError());
    }

    /// <summary>fsync(2) of a directory, which makes the renames and creations inside it durable. File systems that
    /// cannot sync a directory (EINVAL) have nothing to do.</summary>
    public static void SyncDirectory(string path)
    {
        var fd = Open(path, OpenReadOnlyCloseOnExec);
        if (fd < 0) throw Failure("open", path, Marshal.GetLastPInvokeError());
        try
        {
            if (FsyncCall(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != Einval) throw Failure("fsync", path, errno);
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>syncfs(2) of the file system holding <paramref name="path"/>: everything written to it reaches the disk,
    /// in one call however many files that is.</summary>
    public static void SyncFileSystem(string path)
    {
        var fd = Open(path, OpenReadOnlyCloseOnExec);
        if (fd < 0) throw Failure("open", path, Marshal.GetLastPInvokeError());
        try
        {
            if (SyncfsCall(fd) != 0) throw Failure("syncfs", path, Marshal.GetLastPInvokeError());
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>getrlimit(RLIMIT_NOFILE) for this process (resource 7 on the 64-bit Linux ABIs .NET supports).</summary>
    public static (ulong Soft, ulong Hard) GetOpenFilesLimit()
    {
        if (GetRlimit(RlimitNoFile, out var limit) != 0) throw new HoistException("getrlimit: " + ErrorText(Marshal.GetLastPInvokeError()));
        return (limit.Soft, limit.Hard);
    }

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    // ENOTSUP/EOPNOTSUPP: filesystem without xattrs.
    private static bool IgnorableXattrError(int errno) => errno == 95;

    private static void Check(int result, string call, string path)
    {
        if (result != 0) throw Failure(call, path, Marshal.GetLastPInvokeError());
    }

    private static HoistException Failure(string call, string path, int errno) =>
        new($"{call} {path}: {ErrorText(errno)}");
}
