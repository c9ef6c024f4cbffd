using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hoist.Building.Context;

/// <summary>
/// lstat through Linux's statx(2): .NET exposes neither owner nor inode. statx is used rather than lstat because its
/// struct has one layout on every architecture, and glibc only exports a plain lstat symbol since 2.33.
/// </summary>
internal static partial class FileStatus
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    /// <summary>lstat of <paramref name="fullPath"/>; null when it does not exist (or a parent is not a directory).</summary>
    public static FileEntry? TryLstat(string fullPath, string relativePath)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, fullPath, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR) return null;
            throw new HoistException($"lstat {relativePath}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var nlink = BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]);
        var uid = BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]);
        var gid = BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var mtimeNanos = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        var rdevMajor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[128..]);
        var rdevMinor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[132..]);
        var devMajor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]);
        var devMinor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.File,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => throw new HoistException($"lstat {relativePath}: unknown file type {mode:o}"),
        };
        var linkTarget = kind == FileKind.Symlink ? ReadLink(fullPath) : null;
        var mtime = DateTimeOffset.FromUnixTimeSeconds(mtimeSeconds).AddTicks(mtimeNanos / 100);
        return new FileEntry(relativePath, kind, mode & 0xFFF, (int)uid, (int)gid, size, mtime, linkTarget, inode,
            MakeDevice(devMajor, devMinor), (int)nlink, kind is FileKind.CharacterDevice or FileKind.BlockDevice ? MakeDevice(rdevMajor, rdevMinor) : 0);
    }

    /// <summary>glibc's makedev encoding, so device numbers compare with what stat(1) prints.</summary>
    private static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    private static string ReadLink(string fullPath) =>
        new FileInfo(fullPath).LinkTarget ?? throw new HoistException($"readlink {fullPath}: not a symbolic link");

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
