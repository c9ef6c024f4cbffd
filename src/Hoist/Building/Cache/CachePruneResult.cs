using Hoist.Content;
using Hoist.Snapshots;

namespace Hoist.Building.Cache;

/// <summary>How many cache entries a prune dropped (invalid ones included), the blobs its collection deleted and the
/// unpacked layers it reclaimed.</summary>
public sealed record CachePruneResult(int EntriesRemoved, int EntriesKept, GarbageCollectionResult Collection)
{
    public LayerReclaimResult Layers { get; init; } = LayerReclaimResult.None;

    /// <summary>Layer records of analysis (see <c>LayerRecordCache</c>) removed with their blobs.</summary>
    public long AnalysisBytesFreed { get; init; }

    public long BytesFreed => Collection.BytesFreed + Layers.BytesFreed + AnalysisBytesFreed;
}
