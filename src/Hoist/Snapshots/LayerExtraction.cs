using Hoist.Oci;

namespace Hoist.Snapshots;

/// <summary>A layer being unpacked into the snapshot store: started (<see cref="Elapsed"/> null) or done in that time.
/// Reported only when the layer really is extracted, never for one unpacked before.</summary>
public sealed record LayerExtraction(Digest Blob, TimeSpan? Elapsed);
