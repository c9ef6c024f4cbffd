using Hoist.Analysis;
using Hoist.Building.Cache;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>The image a build wrote to the store, its names, and the sizes of every stage built.</summary>
public sealed record BuildResult
{
    /// <summary>The image ID: the digest of its config, as docker shows it.</summary>
    public required Digest ImageId { get; init; }

    public required Digest ManifestDigest { get; init; }

    /// <summary>The built image as stored (manifest, config, layers): the source of every export.</summary>
    public Image? Image { get; init; }

    public required IReadOnlyList<ImageReference> Names { get; init; }

    public required StageSummary Final { get; init; }

    /// <summary>Every stage built, in build order (the target last).</summary>
    public required IReadOnlyList<StageSummary> Stages { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>How many progress steps the build numbered; steps after it (exports, pushes) continue from here.</summary>
    public int StepCount { get; init; }

    /// <summary>The cache entries the target stage and the stages it is built on hit or recorded
    /// (<c>--cache-to mode=min</c>).</summary>
    public IReadOnlyList<CacheEntry> TargetCacheEntries { get; init; } = [];

    /// <summary>The cache entries every built stage hit or recorded (<c>--cache-to mode=max</c>).</summary>
    public IReadOnlyList<CacheEntry> AllCacheEntries { get; init; } = [];

    /// <summary>Multi-stage: what the stages the final image does not stand on had that it does not (with
    /// <see cref="BuildOptions.ReportSplit"/>).</summary>
    public LeftBehindReport? LeftBehind { get; init; }

    /// <summary>Single-stage: the compilers and package managers the image ships, which a build stage would keep out.</summary>
    public IReadOnlyList<string> Toolchain { get; init; } = [];

    /// <summary>The cache mounts (directory names under <c>cache-mounts</c>) the build's RUN steps used.</summary>
    public IReadOnlyList<string> CacheMounts { get; init; } = [];

    /// <summary>The build's SOURCE_DATE_EPOCH in seconds; null when none was found (the image is not reproducible).</summary>
    public long? SourceDateEpoch { get; init; }

    public SourceDateEpochOrigin SourceDateEpochOrigin { get; init; }

    /// <summary>Device nodes of the image that local or tar outputs left out (never created on the host).</summary>
    public int DeviceNodesLeftOut { get; init; }

    /// <summary>The target platform this result was built for (set for each platform of a multi-platform build).</summary>
    public Platform? Platform { get; init; }

    /// <summary>A multi-platform build's result per platform (its <see cref="ImageId"/> and <see cref="ManifestDigest"/>
    /// are then the index's); empty for a single image.</summary>
    public IReadOnlyList<BuildResult> Platforms { get; init; } = [];
}
