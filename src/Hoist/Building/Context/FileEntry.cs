using Hoist.Posix;

namespace Hoist.Building.Context;

/// <summary>
/// What lstat says about one entry of a copy source. <paramref name="Path"/> is relative to the source root,
/// slash-separated, "" for the root itself. <paramref name="Mode"/> holds the permission bits plus setuid (04000),
/// setgid (02000) and sticky (01000), without the file-type bits. <paramref name="LinkTarget"/> is set for symlinks only.
/// <paramref name="Inode"/> and <paramref name="Device"/> identify hard links; <paramref name="DeviceNumber"/> is the
/// rdev of a device node.
/// </summary>
public sealed record FileEntry(
    string Path,
    FileKind Kind,
    int Mode,
    int Uid,
    int Gid,
    long Size,
    DateTimeOffset ModificationTime,
    string? LinkTarget,
    ulong Inode,
    ulong Device,
    int LinkCount,
    ulong DeviceNumber = 0)
{
    public string Name => UnixPath.FileName(Path);
}
