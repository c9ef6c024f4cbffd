using Hoist.Oci;

namespace Hoist.Building.Cache;

/// <summary>A stage's running keys: its filesystem (what <c>COPY --from</c> and a stage built on it read) and the
/// chain over all its steps (what a stage built on it continues from).</summary>
public sealed record StageKeys(Digest Filesystem, Digest Chain);
