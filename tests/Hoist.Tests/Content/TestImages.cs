using System.Text;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Tests.Content;

/// <summary>
/// Writes images straight into a store through its public API — arbitrary bytes stand in for layer tars (no tar code
/// is involved) — so that store and CLI tests have real manifests, configs and blobs to work on.
/// </summary>
public static class TestImages
{
    /// <summary>
    /// Writes an image whose layers hold <paramref name="layers"/> (UTF-8), with one history entry per layer plus a
    /// trailing empty-layer CMD entry, and names it <paramref name="name"/> if given. Equal layer texts give equal
    /// (shared) blobs.
    /// </summary>
    /// <param name="tarLayers">Write each layer as a real (uncompressed) tar holding the file <c>layerN</c> with its
    /// text, for commands that read layer content (sizes, analysis).</param>
    public static async Task<TestImage> WriteAsync(ContentStore store, string? name, string[] layers,
        DateTimeOffset? created = null, bool docker = false, Platform? platform = null, bool tarLayers = false)
    {
        var time = created ?? new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var layerInfos = new List<BlobInfo>();
        foreach (var (text, i) in layers.Select((t, i) => (t, i)))
        {
            layerInfos.Add(await store.WriteAsync(tarLayers ? Tar($"layer{i}", text) : Encoding.UTF8.GetBytes(text)));
        }
        var history = layers.Select((text, i) => new HistoryEntry
        {
            Created = time,
            CreatedBy = $"RUN /bin/sh -c echo {text} > /layer{i} # buildkit",
            Comment = "buildkit.dockerfile.v0",
        }).Append(new HistoryEntry
        {
            Created = time,
            CreatedBy = "CMD [\"/bin/sh\"]",
            Comment = "buildkit.dockerfile.v0",
            EmptyLayer = true,
        }).ToList();
        var config = StoredConfig.Create(new ImageConfig
        {
            Architecture = (platform ?? Platform.Host).Architecture,
            Os = (platform ?? Platform.Host).Os,
            Variant = (platform ?? Platform.Host).Variant,
            Created = time,
            Config = new ContainerConfig
            {
                Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                Cmd = ["/bin/sh"],
                WorkingDir = "/",
                Labels = new Dictionary<string, string> { ["test.layers"] = string.Join(",", layers) },
            },
            // The "uncompressed" diffIDs of these fake layers are simply their digests.
            RootFs = new RootFs { DiffIds = layerInfos.Select(l => l.Digest).ToList() },
            History = history,
        });
        await store.WriteAsync(config);
        var manifest = StoredManifest.Create(new ImageManifest
        {
            MediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            Config = config.ToDescriptor(docker ? MediaTypes.DockerConfig : MediaTypes.OciConfig),
            Layers = layerInfos.Select(l => new Descriptor
            {
                MediaType = docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip,
                Digest = l.Digest,
                Size = l.Size,
            }).ToList(),
        });
        await store.WriteAsync(manifest);
        if (name is not null) await store.Names.SetAsync(ImageReference.Parse(name), manifest.Digest);
        return new TestImage(manifest, config, layerInfos);
    }

    /// <summary>Writes an index over already written images, one per platform, and names it if asked.</summary>
    public static async Task<StoredIndex> WriteIndexAsync(ContentStore store, string? name, params (TestImage Image, Platform Platform)[] images)
    {
        var index = StoredIndex.Create(new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = images.Select(i => i.Image.Manifest.ToDescriptor(i.Platform)).ToList(),
        });
        await store.WriteAsync(index);
        if (name is not null) await store.Names.SetAsync(ImageReference.Parse(name), index.Digest);
        return index;
    }

    /// <summary>A blob no image refers to.</summary>
    public static Task<BlobInfo> WriteLooseBlobAsync(ContentStore store, string text) =>
        store.WriteAsync(Encoding.UTF8.GetBytes(text));

    private static byte[] Tar(string fileName, string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        using var buffer = new MemoryStream();
        using (var tar = new PaxTarWriter(buffer, leaveOpen: true))
        {
            tar.WriteEntry(new TarEntry { Name = fileName, Type = TarEntryType.Regular, Mode = 0x1A4, Size = content.Length }, new MemoryStream(content));
        }
        return buffer.ToArray();
    }
}
