using Hoist.Dockerfile.Instructions;

namespace Hoist.Dispatch;

/// <summary>A <c>RUN --mount</c> with its values expanded and its <c>from=</c> bound (null when it has none).</summary>
public sealed record BoundMount(RunMount Mount, SourceRef? From);
