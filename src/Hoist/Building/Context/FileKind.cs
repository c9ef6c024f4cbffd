namespace Hoist.Building.Context;

public enum FileKind
{
    File,
    Directory,
    Symlink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
}
