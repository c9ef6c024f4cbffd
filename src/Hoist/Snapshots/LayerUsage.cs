namespace Hoist.Snapshots;

/// <summary>Unpacked layer directories: all of them, those nothing references (what a prune would delete), and those that
/// are the only form of their layer (kept as snapshots, no blob made yet).</summary>
public sealed record LayerUsage(int Count, long Bytes, int ReclaimableCount, long ReclaimableBytes, int SnapshotOnlyCount = 0);
