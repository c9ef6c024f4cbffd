using Hoist.Posix;
using Microsoft.Win32.SafeHandles;

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

    /// <summary>The exact sub-second part of <paramref name="ModificationTime"/>, which keeps only 100 ns ticks.</summary>
    public uint ModificationTimeNanoseconds { get; init; }

    /// <summary>For a regular file, what the content-hash index compares (from this same lstat); null otherwise.</summary>
    public FileIdentity? Identity { get; init; }

    /// <summary>lstat of <paramref name="fullPath"/>; null when it does not exist (or a parent is not a directory).</summary>
    public static FileEntry? TryLstat(string fullPath, string relativePath) =>
        Native.LStat(fullPath) is { } status ? From(status, relativePath, status.IsSymlink ? ReadLink(fullPath) : null) : null;

    /// <summary>lstat of <paramref name="name"/> in the open directory <paramref name="directory"/> (at
    /// <paramref name="directoryPath"/>): one path component for the kernel to walk, as a context scan wants.</summary>
    internal static FileEntry? TryLstatAt(SafeFileHandle directory, string directoryPath, ReadOnlySpan<char> name, string relativePath)
    {
        if (Native.LStatAt(directory, name, relativePath) is not { } status) return null;
        return From(status, relativePath, status.IsSymlink ? ReadLink(System.IO.Path.Join(directoryPath, name)) : null);
    }

    private static FileEntry From(in FileStatus status, string relativePath, string? linkTarget)
    {
        var kind = status.Type switch
        {
            FileStatus.Regular => FileKind.File,
            FileStatus.Directory => FileKind.Directory,
            FileStatus.Symlink => FileKind.Symlink,
            FileStatus.Char => FileKind.CharacterDevice,
            FileStatus.Block => FileKind.BlockDevice,
            FileStatus.Fifo => FileKind.Fifo,
            FileStatus.Socket => FileKind.Socket,
            _ => throw new HoistException($"lstat {relativePath}: unknown file type {status.Mode:o}"),
        };
        var device = Native.MakeDevice((uint)(status.Device >> 32), (uint)status.Device);
        var rdev = kind is FileKind.CharacterDevice or FileKind.BlockDevice ? Native.MakeDevice(status.RdevMajor, status.RdevMinor) : 0;
        return new FileEntry(relativePath, kind, status.Permissions, (int)status.Uid, (int)status.Gid, status.Size,
            status.ModificationTime, linkTarget, status.Inode, device, (int)status.LinkCount, rdev)
        {
            Identity = FileIdentity.Of(status),
            ModificationTimeNanoseconds = status.MtimeNanoseconds,
        };
    }

    private static string ReadLink(string fullPath) =>
        new FileInfo(fullPath).LinkTarget ?? throw new HoistException($"readlink {fullPath}: not a symbolic link");
}
