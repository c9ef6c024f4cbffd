using Hoist.Oci;

namespace Hoist.Snapshots;

/// <summary>The unpacked layers a reclaim deleted, by diffID, and the bytes they held.</summary>
public sealed record LayerReclaimResult(IReadOnlyList<Digest> Deleted, long BytesFreed)
{
    public static LayerReclaimResult None { get; } = new([], 0);
}
