namespace Hoist.Archives;

/// <summary>The kinds of entry an image layer can hold (ustar typeflags 0-6).</summary>
public enum TarEntryType
{
    Regular,
    HardLink,
    Symlink,
    CharDevice,
    BlockDevice,
    Directory,
    Fifo,
}
