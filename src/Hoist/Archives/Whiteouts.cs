namespace Hoist.Archives;

/// <summary>OCI whiteout names (image-spec layer.md "Whiteouts").</summary>
public static class Whiteouts
{
    public const string Prefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";
}
