namespace Hoist.Oci;

/// <summary>
/// An image as every source gives it and every sink takes it (go-containerregistry's <c>v1.Image</c>): its manifest
/// and config with their exact bytes (the config's digest is the image ID), and its layers (blob descriptor and
/// diffID, in order). Sources: the store, a registry (pulled into the store), a build; sinks: <see cref="IImageSink"/>.
/// </summary>
public sealed record Image(StoredManifest Manifest, StoredConfig ConfigFile, IReadOnlyList<ImageLayer> Layers)
{
    public Digest ManifestDigest => Manifest.Digest;

    /// <summary>The image ID, as docker shows it.</summary>
    public Digest ConfigDigest => ConfigFile.Digest;

    public ImageConfig Config => ConfigFile.Config;

    public Platform Platform => Config.Platform;

    /// <summary>Pairs the manifest's layer blobs with the config's diffIDs; a mismatch is a broken image.</summary>
    public static Image Create(StoredManifest manifest, StoredConfig config)
    {
        var blobs = manifest.Manifest.Layers;
        var diffIds = config.Config.RootFs.DiffIds;
        if (diffIds.Count != blobs.Count) throw new HoistException($"image {config.Digest}: {blobs.Count} layers but {diffIds.Count} diff IDs");
        return new Image(manifest, config, [.. blobs.Zip(diffIds, (blob, diffId) => new ImageLayer(blob, diffId))]);
    }
}
