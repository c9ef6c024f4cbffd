using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>What a push put under <see cref="Reference"/>: a manifest or an index, by its exact bytes.</summary>
public sealed record PushedImage(ImageReference Reference, Descriptor Target)
{
    /// <summary>Blobs whose bytes were sent (not those already there or mounted).</summary>
    public int BlobsUploaded { get; init; }
}
