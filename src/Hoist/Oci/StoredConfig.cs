namespace Hoist.Oci;

/// <summary>An image config with its exact bytes; <see cref="Digest"/> is the image ID as Docker shows it.</summary>
public sealed record StoredConfig(byte[] Bytes, Digest Digest, ImageConfig Config)
{
    public long Size => Bytes.LongLength;

    public static StoredConfig FromBytes(byte[] bytes) => new(bytes, Digest.Sha256(bytes), ImageConfig.Parse(bytes));

    public static StoredConfig Create(ImageConfig config) => FromBytes(config.ToJsonBytes());

    public Descriptor ToDescriptor(string mediaType = MediaTypes.OciConfig) =>
        new() { MediaType = mediaType, Digest = Digest, Size = Size };
}
