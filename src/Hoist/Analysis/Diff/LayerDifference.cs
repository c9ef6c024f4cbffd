using Hoist.Oci;

namespace Hoist.Analysis.Diff;

/// <summary>The layers at one position of both images (either may be missing) and, when their files differ, which.</summary>
public sealed record LayerDifference(int Index, LayerStatus Status, ImageLayer? A, ImageLayer? B, IReadOnlyList<FileDifference> Files)
{
    /// <summary>The history's <c>created_by</c> for this layer (B's, else A's), to say which step made it.</summary>
    public string? CreatedBy { get; init; }
}
