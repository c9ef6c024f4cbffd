namespace Hoist.Analysis;

/// <summary>How many of an image's first layers (and, when known, history entries) came from its base image, and how
/// that is known (e.g. <c>--base busybox</c>, <c>store image debian:bookworm</c>).</summary>
public sealed record BaseLayers(int Count, string Source)
{
    /// <summary>The base image's history length; without it an empty-layer entry after the last base layer (the base's
    /// own CMD, say) counts as the image's own.</summary>
    public int? History { get; init; }
}
