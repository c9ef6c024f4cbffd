using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Tests.Content;

namespace Hoist.Tests.Formats;

public sealed class ArchiveSinkTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task OciTarHoldsLayoutFileIndexAndEveryBlobUnderItsDigest()
    {
        var image = await FormatTestImages.ImportAsync(_store.Store, "app:1");
        var tar = await FormatTestImages.SaveAsync(_store.Store, ImageArchiveFormat.Oci, "app:1");

        var files = TarBuilder.ReadFiles(tar);
        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", Encoding.UTF8.GetString(files["oci-layout"]));
        Assert.DoesNotContain("manifest.json", files.Keys);
        Assert.DoesNotContain("repositories", files.Keys);
        var blobs = files.Keys.Where(k => k.StartsWith("blobs/sha256/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, blobs.Count); // manifest, config, layer
        foreach (var blob in blobs) Assert.Equal(blob["blobs/sha256/".Length..], Convert.ToHexStringLower(SHA256.HashData(files[blob])));
        Assert.Contains($"blobs/sha256/{image.Id.Hex}", blobs);
        Assert.Contains($"blobs/sha256/{image.Target.Hex}", blobs);
        Assert.Equal(["blobs/", "blobs/sha256/", .. blobs.Order(StringComparer.Ordinal), "index.json", "oci-layout"], TarBuilder.ReadNames(tar));
    }

    [Fact]
    public async Task IndexEntryCarriesContainerdNameAndTagAsRefName()
    {
        var image = await FormatTestImages.ImportAsync(_store.Store, "registry.example:5000/team/app:1.2");
        var files = TarBuilder.ReadFiles(await FormatTestImages.SaveAsync(_store.Store, ImageArchiveFormat.Oci, "registry.example:5000/team/app:1.2"));

        var index = ImageIndex.Parse(files["index.json"]);
        Assert.Equal(MediaTypes.OciIndex, index.MediaType);
        var entry = Assert.Single(index.Manifests);
        Assert.Equal(image.Target, entry.Digest);
        Assert.Equal(MediaTypes.OciManifest, entry.MediaType);
        Assert.Equal(files[$"blobs/sha256/{image.Target.Hex}"].Length, entry.Size);
        Assert.Equal("registry.example:5000/team/app:1.2", entry.Annotations![OciLayout.ContainerdImageNameAnnotation]);
        Assert.Equal("1.2", entry.Annotations[OciLayout.RefNameAnnotation]);
    }

    [Fact]
    public async Task DockerFormatAddsManifestJsonAndRepositoriesOverTheSameBlobs()
    {
        var image = await FormatTestImages.ImportAsync(_store.Store, "app:1");
        await _store.Store.Names.SetAsync(ImageReference.Parse("app:2"), image.Target);
        var files = TarBuilder.ReadFiles(await FormatTestImages.SaveAsync(_store.Store, ImageArchiveFormat.Docker, "app:1", "app:2"));

        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        var entry = Assert.Single(manifest.RootElement.EnumerateArray());
        Assert.Equal($"blobs/sha256/{image.Id.Hex}", entry.GetProperty("Config").GetString());
        Assert.Equal(["app:1", "app:2"], entry.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        var layer = Assert.Single(entry.GetProperty("Layers").EnumerateArray()).GetString()!;
        Assert.Contains(layer, files.Keys);
        Assert.Equal(2, ImageIndex.Parse(files["index.json"]).Manifests.Count);

        using var repositories = JsonDocument.Parse(files["repositories"]);
        Assert.Equal(layer["blobs/sha256/".Length..], repositories.RootElement.GetProperty("app").GetProperty("1").GetString());
        Assert.Contains("oci-layout", files.Keys);
    }

    [Fact]
    public async Task SavingTwiceGivesIdenticalBytes()
    {
        await FormatTestImages.ImportAsync(_store.Store, "app:1");
        await FormatTestImages.ImportAsync(_store.Store, "other:1", "other");
        var first = await FormatTestImages.SaveAsync(_store.Store, ImageArchiveFormat.Docker, "app:1", "other:1");
        var second = await FormatTestImages.SaveAsync(_store.Store, ImageArchiveFormat.Docker, "app:1", "other:1");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task SavedByIdTheImageHasNoName()
    {
        var image = await FormatTestImages.ImportAsync(_store.Store, "app:1");
        var files = TarBuilder.ReadFiles(await FormatTestImages.SaveAsync(_store.Store, ImageArchiveFormat.Docker, image.Id.Hex[..12]));

        Assert.Null(Assert.Single(ImageIndex.Parse(files["index.json"]).Manifests).Annotations);
        using var manifest = JsonDocument.Parse(files["manifest.json"]);
        Assert.Equal(JsonValueKind.Null, manifest.RootElement[0].GetProperty("RepoTags").ValueKind);
        Assert.Equal("{}", Encoding.UTF8.GetString(files["repositories"]));
    }

    [Fact]
    public async Task DirectoryLayoutIsAddedToAndReplacesAnEntryOfTheSameName()
    {
        var first = await FormatTestImages.ImportAsync(_store.Store, "app:1");
        var other = await FormatTestImages.ImportAsync(_store.Store, "other:1", "other");
        var directory = Path.Combine(_store.Root, "layout");
        await FormatTestImages.SaveToDirectoryAsync(_store.Store, directory, ImageArchiveFormat.Oci, "app:1");
        await FormatTestImages.SaveToDirectoryAsync(_store.Store, directory, ImageArchiveFormat.Oci, "other:1");
        var changed = await FormatTestImages.ImportAsync(_store.Store, "app:1", "changed");
        await FormatTestImages.SaveToDirectoryAsync(_store.Store, directory, ImageArchiveFormat.Oci, "app:1");

        var index = ImageIndex.Parse(File.ReadAllBytes(Path.Combine(directory, "index.json")));
        Assert.Equal([other.Target, changed.Target], index.Manifests.Select(m => m.Digest));
        Assert.True(File.Exists(Path.Combine(directory, "blobs", "sha256", first.Id.Hex)));
        Assert.Equal("""{"imageLayoutVersion":"1.0.0"}""", File.ReadAllText(Path.Combine(directory, "oci-layout")));
        Assert.Empty(Directory.EnumerateFiles(directory, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task UnknownImageIsAClearError()
    {
        var e = await Assert.ThrowsAsync<HoistException>(() => FormatTestImages.SaveAsync(_store.Store, ImageArchiveFormat.Docker, "missing:1"));
        Assert.Contains("missing:1", e.Message);
    }

    [Fact]
    public async Task CorruptedStoreBlobIsRefusedOnTheWayOut()
    {
        var image = await FormatTestImages.ImportAsync(_store.Store, "app:1");
        var layer = (await _store.Store.ResolveImageAsync("app:1")).Manifest.Manifest.Layers[0].Digest;
        var path = _store.Store.BlobPath(layer);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var e = await Assert.ThrowsAsync<HoistException>(() => FormatTestImages.SaveAsync(_store.Store, ImageArchiveFormat.Oci, "app:1"));
        Assert.Contains("corrupted", e.Message);
        Assert.NotEqual(default, image.Id);
    }
}
