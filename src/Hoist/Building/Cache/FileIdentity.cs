using Hoist.Posix;

namespace Hoist.Building.Cache;

/// <summary>
/// What says a file is unchanged since its content was hashed: size, mtime, ctime, inode and device, all from one
/// statx(2). ctime matters because mtime can be set back (touch -d, tar, rsync -t) but ctime cannot.
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
        if (status is not { IsRegular: true } st) return null;
        return new FileIdentity(st.Size, Nanoseconds(st.MtimeSeconds, st.MtimeNanoseconds),
            Nanoseconds(st.CtimeSeconds, st.CtimeNanoseconds), st.Inode, st.Device);
    }

    private static long Nanoseconds(long seconds, uint nanoseconds) => seconds * 1_000_000_000 + nanoseconds;
}
