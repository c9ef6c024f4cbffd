using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Tests.Content;

/// <summary>An image written by <see cref="TestImages"/>: its manifest, config and layer blobs.</summary>
public sealed record TestImage(StoredManifest Manifest, StoredConfig Config, IReadOnlyList<BlobInfo> Layers)
{
    public Digest Id => Config.Digest;

    public Digest ManifestDigest => Manifest.Digest;

    public long Size => Config.Size + Layers.Sum(l => l.Size);

    /// <summary>Every blob the image consists of.</summary>
    public IEnumerable<Digest> Blobs => Layers.Select(l => l.Digest).Append(Config.Digest).Append(Manifest.Digest);
}
