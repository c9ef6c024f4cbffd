using Hoist.Oci;

namespace Hoist.Content;

/// <summary>A blob in the store: its digest and size in bytes.</summary>
public sealed record BlobInfo(Digest Digest, long Size)
{
    public Descriptor ToDescriptor(string mediaType) => new() { MediaType = mediaType, Digest = Digest, Size = Size };
}
