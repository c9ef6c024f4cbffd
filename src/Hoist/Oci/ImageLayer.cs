namespace Hoist.Oci;

/// <summary>A layer of an image being built: its blob in the store and the diffID of its uncompressed tar.</summary>
public sealed record ImageLayer(Descriptor Blob, Digest DiffId);
