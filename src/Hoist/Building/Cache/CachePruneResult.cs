using Hoist.Content;

namespace Hoist.Building.Cache;

/// <summary>How many cache entries a prune dropped (invalid ones included), and the blobs its collection deleted.</summary>
public sealed record CachePruneResult(int EntriesRemoved, int EntriesKept, GarbageCollectionResult Collection);
