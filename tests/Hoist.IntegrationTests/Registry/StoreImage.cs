using Hoist.Content;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Registry;

/// <summary>
/// An image written straight into a store: seeded random bytes stand in for layer tars (the registry never looks
/// inside them), with a real config and manifest, so pushes and pulls have exact bytes to compare.
/// </summary>
public sealed record StoreImage(StoredManifest Manifest, StoredConfig Config, IReadOnlyList<Descriptor> Layers)
{
    public Digest Id => Config.Digest;

    public IEnumerable<Digest> Blobs => Layers.Select(l => l.Digest).Append(Config.Digest);

    public static async Task<StoreImage> WriteAsync(ContentStore store, string? name, int seed, int[] layerSizes, Platform? platform = null,
        bool docker = false)
    {
        var random = new Random(seed);
        var layers = new List<Descriptor>();
        foreach (var size in layerSizes)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            var info = await store.WriteAsync(bytes);
            layers.Add(new Descriptor
            {
                MediaType = docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip,
                Digest = info.Digest,
                Size = info.Size,
            });
        }
        var target = platform ?? Platform.Host;
        var config = StoredConfig.Create(new ImageConfig
        {
            Architecture = target.Architecture,
            Os = target.Os,
            Variant = target.Variant,
            Created = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero),
            Config = new ContainerConfig { Cmd = ["/bin/sh"], Labels = new Dictionary<string, string> { ["seed"] = seed.ToString() } },
            RootFs = new RootFs { DiffIds = layers.Select(l => l.Digest).ToList() },
        });
        await store.WriteAsync(config);
        var manifest = StoredManifest.Create(new ImageManifest
        {
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = config.ToDescriptor(docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig),
            Layers = layers,
        });
        await store.WriteAsync(manifest);
        if (name is not null) await store.Names.SetAsync(ImageReference.Parse(name), manifest.Digest);
        return new StoreImage(manifest, config, layers);
    }

    /// <summary>An index over images already in the store, each with its platform.</summary>
    public static async Task<StoredIndex> WriteIndexAsync(ContentStore store, string name, params (StoreImage Image, Platform Platform)[] images)
    {
        var index = StoredIndex.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = images.Select(i => i.Image.Manifest.ToDescriptor(i.Platform)).ToList(),
        });
        await store.WriteAsync(index);
        await store.Names.SetAsync(ImageReference.Parse(name), index.Digest);
        return index;
    }
}
