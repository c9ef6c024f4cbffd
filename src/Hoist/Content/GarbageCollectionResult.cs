namespace Hoist.Content;

/// <summary>The blobs a collection deleted, and how many dead writers' temp files it removed.</summary>
public sealed record GarbageCollectionResult(IReadOnlyList<BlobInfo> Deleted, int TempFilesRemoved)
{
    public long BytesFreed => Deleted.Sum(b => b.Size);
}
