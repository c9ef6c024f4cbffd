using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// The times one build writes. Without SOURCE_DATE_EPOCH they are the wall clock, as in docker. With it (as in
/// BuildKit): every history entry and the config are created at the epoch, what the build itself creates (WORKDIR
/// directories, COPY's parent directories, heredoc files, ADD URL files without Last-Modified) gets the epoch as its
/// mtime, and, when timestamps are rewritten, no file in a layer this build writes is newer than the epoch.
/// </summary>
internal sealed record BuildClock(long? Epoch, bool RewriteTimestamps, ImageExportFormat? Format = null)
{
    public static BuildClock For(BuildOptions options) => new(options.Plan.SourceDateEpoch, options.RewriteTimestamps, options.Format);

    public DateTimeOffset Now => Epoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.UtcNow;

    public long NowSeconds => Now.ToUnixTimeSeconds();

    /// <summary>How step layers are written: clamped to the epoch when rewriting, compressed as the output asks.</summary>
    public LayerWriteOptions LayerOptions => new()
    {
        SourceDateEpoch = RewriteTimestamps ? Epoch : null,
        Compression = Format?.Compression ?? LayerCompression.Gzip,
        CompressionLevel = Format?.CompressionLevel,
    };

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
