using Hoist.Oci;

namespace Hoist.Archives;

/// <summary>A written layer: digest and size of the blob as stored, diffID of its uncompressed tar.</summary>
public sealed record LayerBlob(Digest Digest, Digest DiffId, long Size, string MediaType);
