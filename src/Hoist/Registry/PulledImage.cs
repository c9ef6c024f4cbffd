using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// An image now in the store. <see cref="Target"/> is what the reference resolved to (an index or a manifest, and
/// what the store's name points at); <see cref="Manifest"/> is the platform's manifest and <see cref="Config"/> its
/// config, whose digest is the image ID; <see cref="Image"/> is the image itself, as every source gives it.
/// </summary>
public sealed record PulledImage(ImageReference Reference, Descriptor Target, Descriptor Manifest, Descriptor Config, Image Image)
{
    /// <summary>How many blobs had to be downloaded (0: the store already had everything, "Image is up to date").</summary>
    public int BlobsDownloaded { get; init; }

    public Digest Id => Config.Digest;
}
