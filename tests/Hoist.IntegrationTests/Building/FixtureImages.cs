using System.IO.Compression;
using System.Security.Cryptography;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// Base images for build tests, made without a registry: a fixture root filesystem tar (scripts/fixtures.sh) stored as
/// one gzip layer with a config like `docker import` writes (no Env, one history entry) and named in the store.
/// </summary>
public static class FixtureImages
{
    public const string Busybox = "hoist-fixtures/busybox:latest";

    public const string DebianGcc = "hoist-fixtures/debian-gcc:bookworm";

    public static string CacheDirectory(bool gcc = false) =>
        gcc
            ? BusyboxRootfs.Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh"), "--gcc").Trim()
            : BusyboxRootfs.Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh")).Trim();

    /// <summary>scripts/fixtures.sh with options (<c>--cross</c>, <c>--arm64</c>, …): the cache directory.</summary>
    public static string CacheDirectoryWith(params string[] options) =>
        BusyboxRootfs.Run("bash", [Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh"), .. options]).Trim();

    public static async Task ImportAsync(ContentStore store, string tarPath, string name, Platform? platform = null)
    {
        var manifest = await WriteImageAsync(store, tarPath, platform ?? Platform.Host);
        await store.Names.SetAsync(ImageReference.Parse(name), manifest.Digest);
    }

    /// <summary>A multi-platform fixture: each root filesystem as an image of its platform, one OCI index naming them.</summary>
    public static async Task ImportIndexAsync(ContentStore store, string name, params (string TarPath, Platform Platform)[] images)
    {
        var manifests = new List<Descriptor>();
        foreach (var (tarPath, platform) in images) manifests.Add((await WriteImageAsync(store, tarPath, platform)).ToDescriptor(platform));
        var index = StoredIndex.Create(new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = manifests });
        await store.WriteAsync(index);
        await store.Names.SetAsync(ImageReference.Parse(name), index.Digest);
    }

    private static async Task<StoredManifest> WriteImageAsync(ContentStore store, string tarPath, Platform platform)
    {
        byte[] diffId;
        using (var tar = File.OpenRead(tarPath)) diffId = await SHA256.HashDataAsync(tar);
        var gzipPath = Path.Combine(Path.GetTempPath(), $"hoist-fixture-{Guid.NewGuid():N}.tar.gz");
        try
        {
            using (var tar = File.OpenRead(tarPath))
            using (var output = File.Create(gzipPath))
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            {
                await tar.CopyToAsync(gzip);
            }
            BlobInfo blob;
            using (var gz = File.OpenRead(gzipPath)) blob = await store.WriteAsync(gz);
            var config = StoredConfig.Create(new ImageConfig
            {
                Architecture = platform.Architecture,
                Os = platform.Os,
                Variant = platform.Variant,
                RootFs = new RootFs { DiffIds = [Digest.FromSha256Hash(diffId)] },
                History = [new HistoryEntry { Created = DateTimeOffset.UnixEpoch, CreatedBy = "", Comment = "Imported from -" }],
                Created = DateTimeOffset.UnixEpoch,
            });
            await store.WriteAsync(config);
            var manifest = StoredManifest.Create(new ImageManifest
            {
                MediaType = MediaTypes.OciManifest,
                Config = config.ToDescriptor(),
                Layers = [new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = blob.Digest, Size = blob.Size }],
            });
            await store.WriteAsync(manifest);
            return manifest;
        }
        finally
        {
            File.Delete(gzipPath);
        }
    }
}
