namespace Hoist.Dispatch;

/// <summary>How concurrent RUNs share a cache mount, as BuildKit: together, each its own instance, or one at a time.</summary>
public enum CacheMountSharing { Shared, Private, Locked }
