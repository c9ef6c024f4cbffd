using Hoist.Oci;

namespace Hoist.Archives;

/// <summary>A written layer: digest and size of the blob as stored, diffID of its uncompressed tar.</summary>
public sealed record LayerBlob(Digest Digest, Digest DiffId, long Size, string MediaType)
{
    /// <summary>The uncompressed tar's length when the writer counted it (0: not known).</summary>
    public long TarSize { get; init; }
}
