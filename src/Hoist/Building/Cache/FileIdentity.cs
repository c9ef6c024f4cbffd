using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Hoist.Building.Cache;

/// <summary>
/// What says a file is unchanged since its content was hashed: size, mtime, ctime, inode and device, all from one
/// statx(2). ctime matters because mtime can be set back (touch -d, tar, rsync -t) but ctime cannot.
/// </summary>
public readonly partial record struct FileIdentity(long Size, long ModifiedNanoseconds, long ChangedNanoseconds, ulong Inode, ulong Device)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The identity of the regular file at <paramref name="path"/> (symlinks not followed); null when it is
    /// missing or not a regular file.</summary>
    public static FileIdentity? Of(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0) return null;
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        if ((mode & 0xF000) != 0x8000) return null;
        return new FileIdentity(
            BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]),
            Nanoseconds(buffer[112..]),
            Nanoseconds(buffer[96..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]),
            ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]));
    }

    /// <summary>A statx_timestamp: 64-bit seconds, 32-bit nanoseconds.</summary>
    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000 + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
