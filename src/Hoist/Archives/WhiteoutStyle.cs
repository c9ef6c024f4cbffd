namespace Hoist.Archives;

/// <summary>What applying a layer does with its whiteout entries.</summary>
public enum WhiteoutStyle
{
    /// <summary>Delete what they name below (OCI image-spec "Whiteouts"): for applying a layer onto its parents.</summary>
    Apply,

    /// <summary>
    /// Record them the way overlayfs reads a lower directory: <c>.wh.NAME</c> becomes a character device 0/0 named NAME,
    /// <c>.wh..wh..opq</c> sets <c>trusted.overlay.opaque=y</c> on its directory. For a layer unpacked on its own.
    /// </summary>
    Overlay,
}
