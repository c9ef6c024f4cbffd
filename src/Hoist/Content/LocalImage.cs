using Hoist.Oci;

namespace Hoist.Content;

/// <summary>
/// An image found in the store: what its name points at (<see cref="Target"/>, a manifest or an index), the
/// platform manifest chosen from it, its config, and every name that points at the same target.
/// </summary>
public sealed record LocalImage(StoredDocument Target, StoredManifest Manifest, StoredConfig Config, IReadOnlyList<ImageReference> References)
{
    /// <summary>The image ID as Docker shows it: the config digest.</summary>
    public Digest Id => Config.Digest;

    /// <summary>The platform image itself, as every source gives it (its blobs are in the store).</summary>
    public Image Image => Image.Create(Manifest, Config);

    /// <summary>Content size: config plus layer blobs as stored (compressed).</summary>
    public long Size => Config.Size + Manifest.Manifest.Layers.Sum(l => l.Size);
}
