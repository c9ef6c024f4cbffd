using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// The times one build writes. Without SOURCE_DATE_EPOCH they are the wall clock, as in docker. With it (as in
/// BuildKit): every history entry and the config are created at the epoch, and, when timestamps are rewritten (the
/// default), the build's layers are rewritten when the image is assembled (<see cref="Snapshots.ClampedLayers"/>): what
/// a build wrote (files a RUN wrote, WORKDIR directories, COPY's parent directories, heredoc files, ADD URL files
/// without Last-Modified) gets the epoch, nothing is newer than it. Steps are then made and cached as without an epoch,
/// so a new epoch (a new commit) reuses them. With rewriting off, what the build creates gets the epoch when it is made,
/// so such layers depend on the epoch and their keys include it.
/// </summary>
internal sealed record BuildClock(long? Epoch, bool RewriteTimestamps, ImageExportFormat? Format = null)
{
    public static BuildClock For(BuildOptions options) => new(options.Plan.SourceDateEpoch, options.RewriteTimestamps, options.Format);

    public DateTimeOffset Now => Epoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.UtcNow;

    /// <summary>True when the layers a step writes depend on the epoch (it is set and not rewritten at export): only
    /// then is it part of the steps' keys.</summary>
    public bool LayersFollowEpoch => Epoch is not null && !RewriteTimestamps;

    /// <summary>The epoch the assembled image's own layers are rewritten to; null when they are kept as made.</summary>
    public long? ExportEpoch => RewriteTimestamps ? Epoch : null;

    /// <summary>The mtime of what a step creates itself: the wall clock (rewritten to the epoch at export), or the epoch
    /// when layers follow it.</summary>
    public long CreatedSeconds => LayersFollowEpoch ? Epoch!.Value : DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>How step layers are written: never clamped when made (see <see cref="ExportEpoch"/>), compressed as the
    /// output asks, with no extended attribute but file capabilities (as BuildKit writes layers).</summary>
    public LayerWriteOptions LayerOptions => new()
    {
        Compression = Format?.Compression ?? LayerCompression.Gzip,
        CompressionLevel = Format?.CompressionLevel,
        OnlyCapabilityXattr = true,
    };

    /// <summary>The time a cache entry keeps for a step made now: its history time, or under an epoch the wall clock (the
    /// entry serves builds with any epoch or none, and a hit under an epoch takes the epoch anyway).</summary>
    public DateTimeOffset Recorded(DateTimeOffset history) => Epoch is null ? history : DateTimeOffset.UtcNow;

    /// <summary>
    /// The time a cached history entry keeps. With an epoch a hit takes the epoch, whatever the entry recorded, so a
    /// cache hit can never change a digest.
    /// </summary>
    public DateTimeOffset Cached(DateTimeOffset recorded) => Epoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : recorded;

    /// <summary>
    /// The final image's config as BuildKit's exporter writes it under an epoch: the base image's history entries stay
    /// as they are; every later entry, and the config's <c>created</c>, is clamped to the epoch (missing or later
    /// times become the epoch). Without an epoch nothing changes.
    /// </summary>
    public ImageConfig Stamp(StageImage image)
    {
        var config = image.ToImageConfig();
        if (Epoch is not { } seconds) return config;
        var epoch = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var history = image.History.Select((h, i) => i < image.BaseHistoryCount ? h : h with { Created = Clamp(h.Created, epoch) });
        return config with { Created = Clamp(config.Created, epoch), History = [.. history] };
    }

    private static DateTimeOffset Clamp(DateTimeOffset? time, DateTimeOffset epoch) => time is { } t && t <= epoch ? t : epoch;
}
