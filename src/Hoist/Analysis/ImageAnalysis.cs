using Hoist.Oci;

namespace Hoist.Analysis;

/// <summary>What an image ships: sizes per layer and per instruction, base against own, bytes wasted on files later
/// layers replaced or deleted, its attack surface and (when asked for) its packages.</summary>
public sealed record ImageAnalysis
{
    public required string Name { get; init; }

    public required Digest Id { get; init; }

    /// <summary>The USER of the config; empty means root.</summary>
    public required string User { get; init; }

    public required IReadOnlyList<LayerFigures> Layers { get; init; }

    public required IReadOnlyList<InstructionFigures> Instructions { get; init; }

    public BaseLayers? Base { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    public required IReadOnlyList<WastedFile> LargestWasted { get; init; }

    public required IReadOnlyList<SoftwarePackage> Packages { get; init; }

    public OsReleaseEvidence? OsRelease { get; init; }

    /// <summary>Paths in the final filesystem (directories included).</summary>
    public required int Files { get; init; }

    /// <summary>docker's image size: every layer's file bytes.</summary>
    public long ContentSize => Layers.Sum(l => l.ContentSize);

    public long CompressedSize => Layers.Sum(l => l.CompressedSize);

    public long BaseContentSize => Layers.Take(Base?.Count ?? 0).Sum(l => l.ContentSize);

    public long OwnContentSize => ContentSize - BaseContentSize;

    public long WastedBytes => Layers.Sum(l => l.WastedBytes);
}
