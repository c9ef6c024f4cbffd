namespace Hoist.Building.Copy;

public enum ArchiveCompression
{
    None,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}
