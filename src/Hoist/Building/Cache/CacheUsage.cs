namespace Hoist.Building.Cache;

/// <summary>Build cache entries, and the distinct layer blobs they point at (some maybe shared with images); the records
/// miss explanations compare with.</summary>
public sealed record CacheUsage(int Entries, int LayerCount, long LayerBytes)
{
    public int MissRecords { get; init; }

    public long MissRecordBytes { get; init; }
}
