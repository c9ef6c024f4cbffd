namespace Hoist.Posix;

/// <summary>
/// What <c>lstat</c> says about a path (the final component is never followed). <see cref="Device"/> is the file
/// system's device as <c>major &lt;&lt; 32 | minor</c>; <see cref="RdevMajor"/>/<see cref="RdevMinor"/> are a device
/// node's own numbers.
/// </summary>
internal readonly record struct FileStatus(
    uint Mode,
    long Uid,
    long Gid,
    long Size,
    long MtimeSeconds,
    uint MtimeNanoseconds,
    ulong Device,
    ulong Inode,
    ulong LinkCount,
    uint RdevMajor,
    uint RdevMinor,
    long CtimeSeconds,
    uint CtimeNanoseconds)
{
    public const uint TypeMask = 0xF000;
    public const uint Socket = 0xC000;
    public const uint Symlink = 0xA000;
    public const uint Regular = 0x8000;
    public const uint Block = 0x6000;
    public const uint Directory = 0x4000;
    public const uint Char = 0x2000;
    public const uint Fifo = 0x1000;

    public uint Type => Mode & TypeMask;

    /// <summary>Permission bits including setuid, setgid and sticky.</summary>
    public int Permissions => (int)(Mode & 0xFFF);

    public bool IsDirectory => Type == Directory;

    public bool IsSymlink => Type == Symlink;

    public bool IsRegular => Type == Regular;

    public bool IsCharacterDevice => Type == Char;

    /// <summary>overlayfs marks a deleted lower entry with a character device 0/0 in the upper layer.</summary>
    public bool IsOverlayWhiteout => IsCharacterDevice && RdevMajor == 0 && RdevMinor == 0;

    public DateTimeOffset ModificationTime =>
        DateTimeOffset.FromUnixTimeSeconds(MtimeSeconds).AddTicks(MtimeNanoseconds / 100);
}
