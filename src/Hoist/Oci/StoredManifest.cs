namespace Hoist.Oci;

/// <summary>An image manifest with its exact bytes (see <see cref="StoredDocument"/>).</summary>
public sealed record StoredManifest(byte[] Bytes, Digest Digest, string MediaType, ImageManifest Manifest)
    : StoredDocument(Bytes, Digest, MediaType)
{
    /// <summary>Parses manifest bytes; an absent <c>mediaType</c> means OCI (manifest.md).</summary>
    public static StoredManifest FromBytes(byte[] bytes)
    {
        var manifest = ImageManifest.Parse(bytes);
        return new StoredManifest(bytes, Digest.Sha256(bytes), manifest.MediaType ?? MediaTypes.OciManifest, manifest);
    }

    /// <summary>Serialises a new manifest once; from then on these bytes are the manifest.</summary>
    public static StoredManifest Create(ImageManifest manifest) => FromBytes(manifest.ToJsonBytes());
}
