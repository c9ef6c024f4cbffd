using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>The image a build wrote to the store, its names, and the sizes of every stage built.</summary>
public sealed record BuildResult
{
    public required Digest ImageId { get; init; }

    public required Digest ManifestDigest { get; init; }

    public required IReadOnlyList<ImageReference> Names { get; init; }

    public required StageSummary Final { get; init; }

    /// <summary>Every stage built, in build order (the target last).</summary>
    public required IReadOnlyList<StageSummary> Stages { get; init; }

    public required TimeSpan Elapsed { get; init; }
}
