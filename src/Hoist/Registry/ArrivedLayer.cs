using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>What reading an arriving layer found: the diffID of its content, and how long unpacking it took when it was
/// unpacked in that pass (null: only hashed).</summary>
public sealed record ArrivedLayer(Digest DiffId, TimeSpan? UnpackedIn = null);
