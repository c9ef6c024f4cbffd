using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Analysis;

/// <summary>
/// An image as analysis reads it: its config, its layer blobs in order and a way to open one. The only place analysis
/// touches the image store, so a different image model (a pulled image, a stage being built) plugs in here.
/// </summary>
public sealed record AnalysisImage(string Name, Digest Id, ImageConfig Config, IReadOnlyList<Descriptor> Layers,
    Func<Descriptor, Stream> OpenLayer)
{
    /// <summary>Annotations of the image manifest (e.g. <c>org.opencontainers.image.base.digest</c>).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The files of a layer kept unpacked whose descriptor is its uncompressed tar (a snapshot layer), in the
    /// tar's order: walked without making the tar, reading only what an inspector wants. Null: read the blob.</summary>
    public Func<Descriptor, IEnumerable<LayerItem>?> Files { get; init; } = _ => null;

    public static AnalysisImage FromStore(ContentStore store, ResolvedImage image, string? name = null) =>
        new(name ?? image.References.FirstOrDefault()?.Familiar ?? image.Id.ToString(), image.Id, image.Config.Config,
            image.Manifest.Manifest.Layers, layer => store.OpenRead(layer.Digest))
        {
            Annotations = image.Manifest.Manifest.Annotations ?? new Dictionary<string, string>(),
        };

    /// <summary>An image that has no name or manifest in the store yet (a stage a build just made): its config and the
    /// layer blobs it references, which must be in <paramref name="store"/>.</summary>
    public static AnalysisImage FromStoredLayers(ContentStore store, string name, ImageConfig config, IReadOnlyList<Descriptor> layers) =>
        new(name, StoredConfig.Create(config).Digest, config, layers, layer => store.OpenRead(layer.Digest));

    public static async Task<AnalysisImage> ResolveAsync(ContentStore store, string name, CancellationToken cancellationToken) =>
        FromStore(store, await store.ResolveImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false), name);
}
