namespace Hoist.Archives;

public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
