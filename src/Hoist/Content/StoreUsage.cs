namespace Hoist.Content;

/// <summary>What the store holds, and how much of it garbage collection would free.</summary>
public sealed record StoreUsage(int BlobCount, long BlobBytes, int ReferencedCount, long ReferencedBytes)
{
    public int ReclaimableCount => BlobCount - ReferencedCount;

    public long ReclaimableBytes => BlobBytes - ReferencedBytes;
}
