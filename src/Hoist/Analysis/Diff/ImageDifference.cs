using Hoist.Oci;

namespace Hoist.Analysis.Diff;

/// <summary>What <c>hoist diff</c> found: both images' IDs and manifests, then every manifest field, config field
/// (history included) and layer file that differs.</summary>
public sealed record ImageDifference
{
    public required DiffedSummary A { get; init; }

    public required DiffedSummary B { get; init; }

    public required IReadOnlyList<FieldDifference> Manifest { get; init; }

    public required IReadOnlyList<FieldDifference> Config { get; init; }

    public required IReadOnlyList<LayerDifference> Layers { get; init; }

    /// <summary>Same image ID and same manifest digest: byte for byte the same image.</summary>
    public bool Identical => A.Id == B.Id && A.Manifest == B.Manifest;
}
