using Hoist.Dockerfile.Instructions;

namespace Hoist.Planning;

/// <summary>A cache a RUN mounts (<c>--mount=type=cache</c>); the id defaults to the cleaned target path, as in BuildKit.</summary>
public sealed record CacheMountReference(string Id, string Target, CacheSharing Sharing, int Line);
