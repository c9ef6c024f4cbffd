using Hoist.Posix;

namespace Hoist.Building.Context;

/// <summary>
/// What says a regular file is unchanged since its content and extended attributes were read: size, mtime, ctime,
/// inode and device, all from one statx(2). ctime matters because mtime can be set back (touch -d, tar, rsync -t)
/// but ctime cannot, and because every change of content, mode, owner or xattrs sets it.
/// </summary>
public readonly record struct FileIdentity(long Size, long ModifiedNanoseconds, long ChangedNanoseconds, ulong Inode, ulong Device)
{
    /// <summary>The identity of the regular file at <paramref name="path"/> (symlinks not followed); null when it is
    /// missing, unreadable or not a regular file.</summary>
    public static FileIdentity? Of(string path)
    {
        FileStatus? status;
        try
        {
            status = Native.LStat(path);
        }
        catch (HoistException)
        {
            return null; // no identity means "hash it again", never a failed build
        }
        return status is { } known ? Of(known) : null;
    }

    /// <summary>The identity in an lstat already made (the context scan's), so a file is stat'ed once per build.</summary>
    internal static FileIdentity? Of(in FileStatus status) => status.IsRegular
        ? new FileIdentity(status.Size, Nanoseconds(status.MtimeSeconds, status.MtimeNanoseconds),
            Nanoseconds(status.CtimeSeconds, status.CtimeNanoseconds), status.Inode, status.Device)
        : null;

    private static long Nanoseconds(long seconds, uint nanoseconds) => seconds * 1_000_000_000 + nanoseconds;
}
