using Hoist.Oci;

namespace Hoist.Building.Cache;

/// <summary>
/// What a cached step produced: its history timestamp and, for a layer step, the layer (blob already in the store).
/// <see cref="LastUsed"/> is when a build last hit or wrote it (the entry file's mtime), for pruning.
/// </summary>
public sealed record CacheEntry(Digest Key, DateTimeOffset Created, ImageLayer? Layer)
{
    /// <summary>When builds wrote the layer's files: rewritten to SOURCE_DATE_EPOCH at export, whatever the epoch.</summary>
    public Archives.BuildTimeWindows Windows { get; init; } = Archives.BuildTimeWindows.None;

    public DateTimeOffset LastUsed { get; init; }
}
