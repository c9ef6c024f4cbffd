namespace Hoist.Snapshots;

/// <summary>Unpacked layer directories: all of them, and those nothing references (what a prune would delete).</summary>
public sealed record LayerUsage(int Count, long Bytes, int ReclaimableCount, long ReclaimableBytes);
