namespace Hoist.Dockerfile.Instructions;

public enum CacheSharing { Shared, Private, Locked }
