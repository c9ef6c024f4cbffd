namespace Hoist.Oci;

/// <summary>
/// An image as a source resolves a reference to it (go-containerregistry's <c>remote.Descriptor</c> with its image):
/// <see cref="Target"/> is what the reference points at (one manifest, or an index of several platforms), and
/// <see cref="Manifest"/> and <see cref="Config"/> are the platform image chosen from it. The store, a registry pull,
/// an archive load and a rootfs import all give one; sinks (<see cref="IImageSink"/>) take one and write the whole
/// target, an index with every platform it holds. Equal when the documents' digests and the names are.
/// </summary>
/// <param name="References">the names the target goes by where it came from (the store's names, the pulled reference,
/// the archive's name); none for an image known only by its ID.</param>
public sealed record ResolvedImage(StoredDocument Target, StoredManifest Manifest, StoredConfig Config, IReadOnlyList<ImageReference> References)
{
    /// <summary>The image ID as Docker shows it: the config digest.</summary>
    public Digest Id => Config.Digest;

    private Image? _image;

    /// <summary>The platform image itself, as every source gives it (its blobs are in the store); made once, so every
    /// caller gets the same object.</summary>
    public Image Image =>
        _image is { } made && ReferenceEquals(made.Manifest, Manifest) && ReferenceEquals(made.ConfigFile, Config)
            ? made
            : _image = Image.Create(Manifest, Config);

    /// <summary>Content size: config plus layer blobs as stored (compressed).</summary>
    public long Size => Config.Size + Manifest.Manifest.Layers.Sum(l => l.Size);

    /// <summary>A built or single-platform image, the manifest being its own target.</summary>
    public static ResolvedImage Of(Image image, IReadOnlyList<ImageReference>? references = null) =>
        new(image.Manifest, image.Manifest, image.ConfigFile, references ?? []) { _image = image };

    public bool Equals(ResolvedImage? other) =>
        other is not null && Target.Digest == other.Target.Digest && Manifest.Digest == other.Manifest.Digest
        && Config.Digest == other.Config.Digest && References.SequenceEqual(other.References);

    public override int GetHashCode() => HashCode.Combine(Target.Digest, Manifest.Digest, Config.Digest, References.Count);
}
