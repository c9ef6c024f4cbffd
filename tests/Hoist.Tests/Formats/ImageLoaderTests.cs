using System.IO.Compression;
using System.Text;
using Hoist.Archives;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Tests.Content;

namespace Hoist.Tests.Formats;

public sealed class ImageLoaderTests : IDisposable
{
    private readonly TestStore _source = new();
    private readonly TestStore _target = new();

    public void Dispose()
    {
        _source.Dispose();
        _target.Dispose();
    }

    [Theory]
    [InlineData(ImageArchiveFormat.Docker)]
    [InlineData(ImageArchiveFormat.Oci)]
    public async Task SaveThenLoadKeepsManifestImageIdAndName(ImageArchiveFormat format)
    {
        var image = await FormatTestImages.ImportAsync(_source.Store, "app:1");
        var tar = await FormatTestImages.SaveAsync(_source.Store, format, "app:1");

        var loaded = Assert.Single(await FormatTestImages.LoadAsync(_target.Store, new MemoryStream(tar), "app.tar"));

        Assert.Equal(image, loaded);
        Assert.Equal("Loaded image: app:1", loaded.Describe());
        var resolved = await _target.Store.ResolveImageAsync("app:1");
        Assert.Equal(image.Id, resolved.Id);
        Assert.Equal(image.Target, resolved.Target.Digest);
    }

    [Fact]
    public async Task LoadsLayoutDirectoryAndGzippedArchive()
    {
        var image = await FormatTestImages.ImportAsync(_source.Store, "app:1");
        var directory = Path.Combine(_source.Root, "layout");
        await FormatTestImages.SaveToDirectoryAsync(_source.Store, directory, ImageArchiveFormat.Oci, "app:1");
        Assert.Equal(image, Assert.Single(await FormatTestImages.LoadAsync(_target.Store, directory)));

        using var other = new TestStore();
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(await FormatTestImages.SaveAsync(_source.Store, ImageArchiveFormat.Docker, "app:1"));
        }
        gzipped.Position = 0;
        Assert.Equal(image, Assert.Single(await FormatTestImages.LoadAsync(other.Store, gzipped, "app.tar.gz")));
    }

    [Fact]
    public async Task BareTagRefNameLoadsUnnamedAndFullRefNameNamesTheImage()
    {
        var image = await FormatTestImages.ImportAsync(_source.Store, "app:1");
        var files = TarBuilder.ReadFiles(await FormatTestImages.SaveAsync(_source.Store, ImageArchiveFormat.Oci, "app:1"));
        var descriptor = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = image.Target, Size = files[$"blobs/sha256/{image.Target.Hex}"].Length };
        var index = new ImageIndex
        {
            Manifests =
            [
                descriptor with { Annotations = new Dictionary<string, string> { [OciLayout.RefNameAnnotation] = "latest" } },
                descriptor with { Annotations = new Dictionary<string, string> { [OciLayout.RefNameAnnotation] = "example.com/app:2" } },
            ],
        };
        var tar = TarBuilder.Rewrite(TarBuilderFrom(files), (name, content) => name == "index.json" ? index.ToJsonBytes() : content);

        var loaded = await FormatTestImages.LoadAsync(_target.Store, new MemoryStream(tar), "layout.tar");

        Assert.Equal([$"Loaded image ID: {image.Id}", "Loaded image: example.com/app:2"], loaded.Select(l => l.Describe()));
        Assert.Equal(image.Target, _target.Store.Names.Lookup(ImageReference.Parse("example.com/app:2")));
        Assert.Single(_target.Store.Names.List());
    }

    [Fact]
    public async Task CombinedArchiveTakesNamesFromManifestJsonWhenTheIndexHasNone()
    {
        var image = await FormatTestImages.ImportAsync(_source.Store, "app:1");
        var tar = TarBuilder.Rewrite(await FormatTestImages.SaveAsync(_source.Store, ImageArchiveFormat.Docker, "app:1"), (name, content) =>
            name == "index.json" ? new ImageIndex { Manifests = ImageIndex.Parse(content).Manifests.Select(m => m with { Annotations = null }).ToList() }.ToJsonBytes() : content);

        var loaded = Assert.Single(await FormatTestImages.LoadAsync(_target.Store, new MemoryStream(tar), "combined.tar"));

        Assert.Equal(image, loaded);
        Assert.Equal(image.Target, _target.Store.Names.Lookup(ImageReference.Parse("app:1")));
    }

    [Fact]
    public async Task LegacyDockerArchiveWithUncompressedAndLinkedLayersLoadsAsIs()
    {
        var layerTar = TarBuilder.Rootfs();
        var diffId = Digest.Sha256(layerTar);
        var config = StoredConfig.Create(new ImageConfig
        {
            Architecture = "amd64",
            Os = "linux",
            RootFs = new RootFs { DiffIds = [diffId, diffId] },
        });
        const string first = "1111111111111111111111111111111111111111111111111111111111111111";
        const string second = "2222222222222222222222222222222222222222222222222222222222222222";
        var archive = new TarBuilder()
            .File($"{config.Digest.Hex}.json", config.Bytes)
            .Directory(first).File($"{first}/VERSION", "1.0").File($"{first}/json", "{}").File($"{first}/layer.tar", layerTar)
            .Directory(second).File($"{second}/VERSION", "1.0").File($"{second}/json", "{}").Symlink($"{second}/layer.tar", $"../{first}/layer.tar")
            .File("manifest.json", $$"""[{"Config":"{{config.Digest.Hex}}.json","RepoTags":["legacy:old"],"Layers":["{{first}}/layer.tar","{{second}}/layer.tar"]}]""")
            .File("repositories", $$$"""{"legacy":{"old":"{{{second}}}"}}""")
            .ToBytes();

        var loaded = Assert.Single(await FormatTestImages.LoadAsync(_target.Store, new MemoryStream(archive), "legacy.tar"));

        Assert.Equal("Loaded image: legacy:old", loaded.Describe());
        Assert.Equal(config.Digest, loaded.Id);
        var image = await _target.Store.ResolveImageAsync("legacy:old");
        Assert.Equal(config.Bytes, image.Config.Bytes);
        Assert.All(image.Manifest.Manifest.Layers, layer =>
        {
            Assert.Equal(LayerMediaTypes.OciTar, layer.MediaType);
            Assert.Equal(diffId, layer.Digest); // stored byte-exact, so digest and diffID coincide
        });
        Assert.Equal(layerTar, await _target.Store.ReadBytesAsync(diffId));
    }

    [Fact]
    public async Task DockerArchiveWithGzipLayerChecksDiffIdOfTheUncompressedTar()
    {
        var layerTar = TarBuilder.Rootfs();
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(layerTar);
        var config = StoredConfig.Create(new ImageConfig { Architecture = "amd64", Os = "linux", RootFs = new RootFs { DiffIds = [Digest.Sha256(layerTar)] } });
        var archive = new TarBuilder()
            .File($"{config.Digest.Hex}.json", config.Bytes)
            .File("layer.tar.gz", gzipped.ToArray())
            .File("manifest.json", $$"""[{"Config":"{{config.Digest.Hex}}.json","RepoTags":null,"Layers":["layer.tar.gz"]}]""")
            .ToBytes();

        var loaded = Assert.Single(await FormatTestImages.LoadAsync(_target.Store, new MemoryStream(archive), "gz.tar"));

        Assert.Null(loaded.Reference);
        // Unnamed images are not found by ID (the store resolves through names), so read the manifest directly.
        var manifest = (StoredManifest)await _target.Store.ReadDocumentAsync(loaded.Target);
        Assert.Equal(LayerMediaTypes.OciTarGzip, manifest.Manifest.Layers[0].MediaType);
        Assert.Equal(Digest.Sha256(gzipped.ToArray()), manifest.Manifest.Layers[0].Digest);
    }

    [Theory]
    [InlineData(ImageArchiveFormat.Docker)]
    [InlineData(ImageArchiveFormat.Oci)]
    public async Task CorruptedBlobIsRefusedAndTheStoreIsUnchanged(ImageArchiveFormat format)
    {
        var image = await FormatTestImages.ImportAsync(_source.Store, "app:1");
        var layer = (await _source.Store.ResolveImageAsync("app:1")).Manifest.Manifest.Layers[0].Digest;
        var tar = TarBuilder.Rewrite(await FormatTestImages.SaveAsync(_source.Store, format, "app:1"),
            (name, content) => name == $"blobs/sha256/{layer.Hex}" ? Flip(content) : content);
        var before = FormatTestImages.Snapshot(_target.Store);

        var e = await Assert.ThrowsAsync<HoistException>(() => ImageLoader.LoadAsync(_target.Store, new MemoryStream(tar), "bad.tar"));

        Assert.Contains("corrupted", e.Message);
        Assert.Contains(layer.ToString(), e.Message);
        Assert.Equal(before, FormatTestImages.Snapshot(_target.Store));
        Assert.NotEqual(default, image.Id);
    }

    [Fact]
    public async Task DockerArchiveLayerThatDoesNotMatchItsDiffIdIsRefusedAndNothingStored()
    {
        var config = StoredConfig.Create(new ImageConfig { Architecture = "amd64", Os = "linux", RootFs = new RootFs { DiffIds = [Digest.Sha256(TarBuilder.Rootfs("a"))] } });
        var archive = new TarBuilder()
            .File($"{config.Digest.Hex}.json", config.Bytes)
            .File("l/layer.tar", TarBuilder.Rootfs("b"))
            .File("manifest.json", $$"""[{"Config":"{{config.Digest.Hex}}.json","RepoTags":["x:1"],"Layers":["l/layer.tar"]}]""")
            .ToBytes();
        var before = FormatTestImages.Snapshot(_target.Store);

        var e = await Assert.ThrowsAsync<HoistException>(() => ImageLoader.LoadAsync(_target.Store, new MemoryStream(archive), "x.tar"));

        Assert.Contains("l/layer.tar", e.Message);
        Assert.Contains("diffID", e.Message);
        Assert.Equal(before, FormatTestImages.Snapshot(_target.Store));
    }

    [Fact]
    public async Task MissingBlobIsAClearError()
    {
        await FormatTestImages.ImportAsync(_source.Store, "app:1");
        var config = (await _source.Store.ResolveImageAsync("app:1")).Id;
        var tar = TarBuilder.Rewrite(await FormatTestImages.SaveAsync(_source.Store, ImageArchiveFormat.Oci, "app:1"),
            (name, content) => name == $"blobs/sha256/{config.Hex}" ? null : content);

        var e = await Assert.ThrowsAsync<HoistException>(() => ImageLoader.LoadAsync(_target.Store, new MemoryStream(tar), "partial.tar"));

        Assert.Equal($"partial.tar: config blob {config} is missing from the archive", e.Message);
        Assert.Empty(_target.Store.EnumerateBlobs());
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("blobs/../../x")]
    [InlineData("/etc/passwd")]
    public async Task EntryNamesOutsideTheArchiveAreRefused(string name)
    {
        var archive = new TarBuilder().File(name, "x").File("index.json", """{"schemaVersion":2,"manifests":[]}""").ToBytes();

        var e = await Assert.ThrowsAsync<HoistException>(() => ImageLoader.LoadAsync(_target.Store, new MemoryStream(archive), "evil.tar"));

        Assert.Contains("evil.tar", e.Message);
        Assert.Contains(name, e.Message);
        Assert.Empty(_target.Store.EnumerateBlobs());
    }

    [Fact]
    public async Task ManifestJsonPathsOutsideTheLayoutDirectoryAreRefused()
    {
        var directory = Directory.CreateTempSubdirectory("hoist-evil-").FullName;
        try
        {
            var secret = Path.Combine(Path.GetDirectoryName(directory)!, "secret-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(secret, "{}");
            File.WriteAllText(Path.Combine(directory, "manifest.json"), $$"""[{"Config":"../{{Path.GetFileName(secret)}}","Layers":[]}]""");
            var e = await Assert.ThrowsAsync<HoistException>(() => ImageLoader.LoadAsync(_target.Store, directory));
            Assert.Contains("leaves the archive", e.Message);

            File.Delete(Path.Combine(directory, "manifest.json"));
            File.CreateSymbolicLink(Path.Combine(directory, "config.json"), secret);
            File.WriteAllText(Path.Combine(directory, "manifest.json"), """[{"Config":"config.json","Layers":[]}]""");
            e = await Assert.ThrowsAsync<HoistException>(() => ImageLoader.LoadAsync(_target.Store, directory));
            Assert.Contains("absolute path", e.Message);
            File.Delete(secret);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ArchiveThatIsNoImageSaysSo()
    {
        var archive = new TarBuilder().File("hello.txt", "hi").ToBytes();
        var e = await Assert.ThrowsAsync<HoistException>(() => ImageLoader.LoadAsync(_target.Store, new MemoryStream(archive), "plain.tar"));
        Assert.Contains("neither index.json", e.Message);

        e = await Assert.ThrowsAsync<HoistException>(() => ImageLoader.LoadAsync(_target.Store, new MemoryStream(Encoding.UTF8.GetBytes("not a tar at all, just text that goes on for a while".PadRight(600, '.'))), "junk"));
        Assert.Contains("junk", e.Message);
    }

    private static byte[] Flip(byte[] content)
    {
        var copy = content.ToArray();
        copy[copy.Length / 2] ^= 0x01;
        return copy;
    }

    private static byte[] TarBuilderFrom(Dictionary<string, byte[]> files)
    {
        var builder = new TarBuilder();
        foreach (var (name, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal)) builder.File(name, content);
        return builder.ToBytes();
    }
}
