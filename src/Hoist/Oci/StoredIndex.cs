namespace Hoist.Oci;

/// <summary>An image index or manifest list with its exact bytes (see <see cref="StoredDocument"/>).</summary>
public sealed record StoredIndex(byte[] Bytes, Digest Digest, string MediaType, ImageIndex Index)
    : StoredDocument(Bytes, Digest, MediaType)
{
    public static StoredIndex FromBytes(byte[] bytes)
    {
        var index = ImageIndex.Parse(bytes);
        return new StoredIndex(bytes, Digest.Sha256(bytes), index.MediaType ?? MediaTypes.OciIndex, index);
    }

    public static StoredIndex Create(ImageIndex index) => FromBytes(index.ToJsonBytes());
}
