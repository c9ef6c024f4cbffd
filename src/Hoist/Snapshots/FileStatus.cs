namespace Hoist.Snapshots;

/// <summary>The parts of statx(2) the snapshotters need. <see cref="Mode"/> holds the type bits and the permissions.</summary>
internal sealed record FileStatus(uint Mode, uint Uid, uint Gid, long Size, uint DeviceMajor, uint DeviceMinor,
    uint FileSystemMajor, uint FileSystemMinor)
{
    private const uint TypeMask = 0xF000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsCharacterDevice => (Mode & TypeMask) == 0x2000;

    public bool IsSymbolicLink => (Mode & TypeMask) == 0xA000;

    /// <summary>overlayfs marks a deleted lower entry with a character device 0/0 in the upper layer.</summary>
    public bool IsOverlayWhiteout => IsCharacterDevice && DeviceMajor == 0 && DeviceMinor == 0;

    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);
}
