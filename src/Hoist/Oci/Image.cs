namespace Hoist.Oci;

/// <summary>
/// An image as every source gives it and every sink takes it (go-containerregistry's <c>v1.Image</c>): the manifest it
/// was read from, its config (and the digest of the config's exact bytes: the image ID), and its layers (blob and
/// diffID, in order).
/// </summary>
public sealed record Image(Digest ManifestDigest, Digest ConfigDigest, ImageConfig Config, IReadOnlyList<ImageLayer> Layers)
{
    public Platform Platform => Config.Platform;

    /// <summary>Pairs the manifest's layer blobs with the config's diffIDs; a mismatch is a broken image.</summary>
    public static Image Create(Digest manifestDigest, Digest configDigest, IReadOnlyList<Descriptor> blobs, ImageConfig config)
    {
        var diffIds = config.RootFs.DiffIds;
        if (diffIds.Count != blobs.Count) throw new HoistException($"image {configDigest}: {blobs.Count} layers but {diffIds.Count} diff IDs");
        return new Image(manifestDigest, configDigest, config, [.. blobs.Zip(diffIds, (blob, diffId) => new ImageLayer(blob, diffId))]);
    }
}
