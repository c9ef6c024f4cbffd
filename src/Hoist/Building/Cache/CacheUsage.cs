namespace Hoist.Building.Cache;

/// <summary>Build cache entries, and the distinct layer blobs they point at (some maybe shared with images).</summary>
public sealed record CacheUsage(int Entries, int LayerCount, long LayerBytes);
