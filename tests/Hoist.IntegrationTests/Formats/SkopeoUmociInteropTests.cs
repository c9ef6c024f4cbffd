using System.Text.Json;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Formats;

/// <summary>
/// Our archives and layouts read by the reference tools (skopeo, umoci), and theirs read by us: the interop half of
/// "images at rest". The source image is busybox, made with <c>hoist import</c>.
/// </summary>
public sealed class SkopeoUmociInteropTests(BusyboxImage busybox) : IClassFixture<BusyboxImage>
{
    private async Task<ResolvedImage> SourceAsync()
    {
        _ = busybox.Id;
        return await ContentStore.Open(busybox.Root).ResolveImageAsync("busybox:latest");
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [RequiresToolsFact("skopeo")]
    public async Task SkopeoInspectsOurOciLayoutDirectoryAndArchive()
    {
        var image = await SourceAsync();
        var directory = busybox.NewPath("layout");
        var archive = busybox.NewPath("oci") + ".tar";
        BusyboxImage.Hoist(busybox.Root, "save", "busybox", "--format", "oci-dir", "-o", directory);
        BusyboxImage.Hoist(busybox.Root, "save", "busybox", "--format", "oci", "-o", archive);

        foreach (var reference in new[] { $"oci:{directory}:latest", $"oci-archive:{archive}:latest", $"oci-archive:{archive}" })
        {
            var inspected = Json(BusyboxImage.Run("skopeo", "inspect", reference));
            Assert.Equal(image.Manifest.Digest.ToString(), inspected.GetProperty("Digest").GetString());
            Assert.Equal(image.Manifest.Manifest.Layers.Select(l => l.Digest.ToString()), inspected.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));
            Assert.Contains("GREETING=hello", inspected.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
            // The config skopeo reads is ours byte for byte: its digest is our image ID.
            var config = BusyboxImage.Run("skopeo", "inspect", "--config", "--raw", reference);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(image.Config.Bytes), config);
        }
    }

    [RequiresToolsFact("skopeo")]
    public async Task SkopeoReadsOurDockerArchive()
    {
        var image = await SourceAsync();
        var archive = busybox.NewPath("docker") + ".tar";
        BusyboxImage.Hoist(busybox.Root, "save", "busybox:latest", "-o", archive);

        var inspected = Json(BusyboxImage.Run("skopeo", "inspect", $"docker-archive:{archive}"));
        // Selecting the image by its RepoTag shows skopeo reads our manifest.json names.
        var byTag = Json(BusyboxImage.Run("skopeo", "inspect", $"docker-archive:{archive}:busybox:latest"));
        Assert.Equal(inspected.GetProperty("Digest").GetString(), byTag.GetProperty("Digest").GetString());
        var config = BusyboxImage.Run("skopeo", "inspect", "--config", "--raw", $"docker-archive:{archive}");
        Assert.Equal(System.Text.Encoding.UTF8.GetString(image.Config.Bytes), config);
        // skopeo names docker-archive layers by diffID: the gzip layer in our archive must decompress to it.
        Assert.Equal(image.Config.Config.RootFs.DiffIds.Select(d => d.ToString()), inspected.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));

        // And a full copy out of our docker archive succeeds (every blob verified by skopeo).
        var copied = busybox.NewPath("from-docker");
        BusyboxImage.Run("skopeo", "copy", "-q", $"docker-archive:{archive}", $"oci:{copied}:copy");
        Assert.True(File.Exists(Path.Combine(copied, "index.json")));
    }

    [RequiresToolsFact("skopeo")]
    public async Task SkopeoCopiesOfOurLayoutLoadBackWithTheSameLayers()
    {
        var image = await SourceAsync();
        var ours = busybox.NewPath("ours");
        BusyboxImage.Hoist(busybox.Root, "save", "busybox", "--format", "oci-dir", "-o", ours);

        // oci → docker-archive: skopeo writes the legacy form (<hex>.json, uncompressed <hex>.tar layers).
        var dockerArchive = busybox.NewPath("skopeo") + ".tar";
        BusyboxImage.Run("skopeo", "copy", "-q", $"oci:{ours}:latest", $"docker-archive:{dockerArchive}:busybox:skopeo");
        var fromDocker = busybox.NewPath("store-docker");
        Assert.Equal("Loaded image: busybox:skopeo\n", BusyboxImage.Hoist(fromDocker, "load", "-i", dockerArchive));
        var loaded = await ContentStore.Open(fromDocker).ResolveImageAsync("busybox:skopeo");
        Assert.Equal(image.Id, loaded.Id);
        Assert.Equal(image.Config.Config.RootFs.DiffIds, loaded.Config.Config.RootFs.DiffIds);

        // docker-archive → a new OCI layout: skopeo converts the config, so compare what must survive.
        var newLayout = busybox.NewPath("new-layout");
        BusyboxImage.Run("skopeo", "copy", "-q", $"docker-archive:{dockerArchive}", $"oci:{newLayout}:docker.io/library/busybox:converted");
        var fromOci = busybox.NewPath("store-oci");
        Assert.Equal("Loaded image: busybox:converted\n", BusyboxImage.Hoist(fromOci, "load", "-i", newLayout));
        var converted = await ContentStore.Open(fromOci).ResolveImageAsync("busybox:converted");
        Assert.Equal(image.Config.Config.RootFs.DiffIds, converted.Config.Config.RootFs.DiffIds);
        Assert.Equal(image.Config.Config.Config!.Cmd, converted.Config.Config.Config!.Cmd);
        Assert.Equal(image.Config.Config.Config.Env, converted.Config.Config.Config.Env);
    }

    [RequiresToolsFact("umoci")]
    public async Task UmociUnpacksOurLayoutIntoABusyboxBundle()
    {
        await SourceAsync();
        var layout = busybox.NewPath("umoci-layout");
        BusyboxImage.Hoist(busybox.Root, "save", "busybox", "--format", "oci-dir", "-o", layout);
        var bundle = busybox.NewPath("bundle");
        var args = new List<string> { "unpack" };
        if (!Environment.IsPrivilegedProcess) args.Add("--rootless");
        args.AddRange(["--image", $"{layout}:latest", bundle]);
        BusyboxImage.Run("umoci", [.. args]);

        Assert.True(File.Exists(Path.Combine(bundle, "rootfs", "bin", "busybox")));
        Assert.Equal("/bin/busybox", new FileInfo(Path.Combine(bundle, "rootfs", "bin", "sh")).LinkTarget);
        Assert.Equal(File.ReadAllBytes("/bin/busybox"), File.ReadAllBytes(Path.Combine(bundle, "rootfs", "bin", "busybox")));
        var runtime = Json(File.ReadAllText(Path.Combine(bundle, "config.json")));
        Assert.Equal(["sh"], runtime.GetProperty("process").GetProperty("args").EnumerateArray().Select(a => a.GetString()));
    }

    [RequiresToolsFact]
    public async Task SaveLoadRoundTripKeepsTheImageIdAndSavingIsDeterministic()
    {
        var image = await SourceAsync();
        Assert.Equal(image.Id.ToString(), busybox.Id);
        foreach (var format in new[] { "docker", "oci" })
        {
            var first = busybox.NewPath(format) + ".tar";
            var second = busybox.NewPath(format) + ".tar";
            BusyboxImage.Hoist(busybox.Root, "save", "busybox:latest", "--format", format, "-o", first);
            BusyboxImage.Hoist(busybox.Root, "save", "busybox:latest", "--format", format, "-o", second);
            Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));

            var root = busybox.NewPath("roundtrip");
            Assert.Equal("Loaded image: busybox:latest\n", BusyboxImage.Hoist(root, "load", "-i", first));
            var loaded = await ContentStore.Open(root).ResolveImageAsync("busybox:latest");
            Assert.Equal(image.Id, loaded.Id);
            Assert.Equal(image.Manifest.Digest, loaded.Manifest.Digest);
        }
    }
}
