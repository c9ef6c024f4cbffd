using System.Text.Json;
using Hoist.Content;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Registry;
using Hoist.Tests.Content;

namespace Hoist.Tests.Formats;

/// <summary>
/// Export is source → sink over the one image model: the store resolves names to images (a set for <c>hoist save</c>),
/// and each sink writes what the image's reference points at, an index with every platform below it.
/// </summary>
public sealed class ImageSinkTests : IDisposable
{
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");
    private static readonly Platform Arm64 = Platform.Parse("linux/arm64");

    private readonly TestStore _store = new();
    private readonly string _out = Directory.CreateTempSubdirectory("hoist-image-sinks-").FullName;

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    private async Task<(StoredIndex Index, TestImage Amd, TestImage Arm)> WriteIndexAsync(bool tarLayers = false)
    {
        var amd = await TestImages.WriteAsync(_store.Store, null, ["amd"], platform: Amd64, tarLayers: tarLayers);
        var arm = await TestImages.WriteAsync(_store.Store, null, ["arm"], platform: Arm64, tarLayers: tarLayers);
        var index = await TestImages.WriteIndexAsync(_store.Store, "multi:1", (amd, Amd64), (arm, Arm64));
        return (index, amd, arm);
    }

    [Fact]
    public async Task An_archive_sink_writes_an_index_whole_under_the_sinks_name()
    {
        var (index, amd, arm) = await WriteIndexAsync();
        var image = await _store.Store.ResolveImageAsync("multi:1");
        var tar = new MemoryStream();

        var export = await ArchiveSink.ToTar(_store.Store, tar, ImageArchiveFormat.Oci, [ImageReference.Parse("out:2")])
            .WriteAsync(image, CancellationToken.None);

        var files = TarBuilder.ReadFiles(tar.ToArray());
        var entry = Assert.Single(ImageIndex.Parse(files["index.json"]).Manifests);
        Assert.Equal(index.Digest, entry.Digest);
        Assert.Equal(ImageReference.Parse("out:2").ToString(), entry.Annotations![OciLayout.ContainerdImageNameAnnotation]);
        foreach (var blob in amd.Blobs.Concat(arm.Blobs).Append(index.Digest)) Assert.Contains(OciLayout.BlobPath(blob), files.Keys);
        Assert.Equal("writing 1 image", export.Done);
    }

    [Fact]
    public async Task A_docker_archive_of_an_index_lists_every_platform_the_chosen_one_last()
    {
        await WriteIndexAsync();
        var image = await _store.Store.ResolveImageAsync("multi:1");
        var tar = new MemoryStream();

        await ArchiveSink.ToTar(_store.Store, tar, ImageArchiveFormat.Docker).WriteAsync(await new StoreImageSource(_store.Store).NamedAsync(["multi:1"], CancellationToken.None), CancellationToken.None);

        using var manifest = JsonDocument.Parse(TarBuilder.ReadFiles(tar.ToArray())["manifest.json"]);
        var entries = manifest.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(OciLayout.BlobPath(image.Id), entries[^1].GetProperty("Config").GetString());
        Assert.All(entries, e => Assert.Equal(["multi:1"], e.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString())));
    }

    [Fact]
    public async Task A_set_of_images_goes_to_one_archive_each_under_its_own_name()
    {
        var app = await TestImages.WriteAsync(_store.Store, "app:1", ["a"]);
        var other = await TestImages.WriteAsync(_store.Store, "other:1", ["b"]);
        var tar = new MemoryStream();

        var images = await new StoreImageSource(_store.Store).NamedAsync(["app:1", other.Id.Hex[..12]], CancellationToken.None);
        await ArchiveSink.ToTar(_store.Store, tar, ImageArchiveFormat.Docker).WriteAsync(images, CancellationToken.None);

        Assert.Equal(new ImageReference?[] { ImageReference.Parse("app:1"), null }, images.Select(i => i.Reference));
        Assert.Equal([app.Id, other.Id], images.Select(i => i.Image.Id));
        using var manifest = JsonDocument.Parse(TarBuilder.ReadFiles(tar.ToArray())["manifest.json"]);
        var entries = manifest.RootElement.EnumerateArray().ToList();
        Assert.Equal(["app:1"], entries[0].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("RepoTags").ValueKind); // as docker save writes an untagged image
    }

    [Fact]
    public async Task A_repository_without_tag_means_every_tag_of_it()
    {
        var image = await TestImages.WriteAsync(_store.Store, "app:1", ["a"]);
        await _store.Store.Names.SetAsync(ImageReference.Parse("app:2"), image.ManifestDigest);
        await TestImages.WriteAsync(_store.Store, "other:1", ["b"]);

        var images = await new StoreImageSource(_store.Store).NamedAsync(["app"], CancellationToken.None);

        Assert.Equal(["app:1", "app:2"], images.Select(i => i.Reference!.Familiar));
    }

    [Fact]
    public async Task An_image_the_store_lacks_is_named_in_the_error()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => new StoreImageSource(_store.Store).NamedAsync(["nope:1"], CancellationToken.None));

        Assert.Equal("image \"nope:1\" not found", error.Message);
    }

    [Fact]
    public async Task An_archive_sink_refuses_an_empty_set()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => ArchiveSink.ToTar(_store.Store, new MemoryStream(), ImageArchiveFormat.Oci)
            .WriteAsync([], CancellationToken.None));

        Assert.Equal("no images to save", error.Message);
    }

    [Fact]
    public async Task A_push_without_destination_goes_to_the_name_only_when_it_names_the_image()
    {
        var written = await TestImages.WriteAsync(_store.Store, "registry.test/app:1", ["a"]);
        var image = await _store.Store.ResolveImageAsync("registry.test/app:1");

        Assert.Equal(ImageReference.Parse("registry.test/app:1"), RegistrySink.DestinationOf("registry.test/app:1", image));
        Assert.Equal(ImageReference.Parse($"registry.test/app@{written.ManifestDigest}"),
            RegistrySink.DestinationOf($"registry.test/app@{written.ManifestDigest}", image));
        var error = Assert.Throws<HoistException>(() => RegistrySink.DestinationOf(written.Id.Hex[..12], image));
        Assert.Equal($"cannot push \"{written.Id.Hex[..12]}\": give the image a name (hoist tag) or a destination reference", error.Message);
    }

    [Fact]
    public async Task A_local_output_of_an_index_has_one_directory_per_platform()
    {
        await WriteIndexAsync(tarLayers: true);
        var image = await _store.Store.ResolveImageAsync("multi:1");
        var sink = BuildOutputSinks.For(_store.Store, BuildOutputParser.Parse($"type=local,dest={_out}", standardOutputIsTerminal: false), [], () => Stream.Null);

        var export = await sink.WriteAsync(image, CancellationToken.None);

        Assert.Equal("amd", File.ReadAllText(Path.Combine(_out, "linux_amd64", "layer0")));
        Assert.Equal("arm", File.ReadAllText(Path.Combine(_out, "linux_arm64", "layer0")));
        Assert.Equal($"copying files to {_out}", export.Done);
    }

    [Fact]
    public async Task Resolved_images_are_equal_by_their_documents_and_names()
    {
        await TestImages.WriteAsync(_store.Store, "app:1", ["a"]);

        var first = await _store.Store.ResolveImageAsync("app:1");
        var again = await _store.Reopen().ResolveImageAsync("app:1");

        Assert.NotSame(first.Target.Bytes, again.Target.Bytes);
        Assert.Equal(first, again);
        Assert.NotEqual(first, again with { References = [] });
        Assert.Same(first.Image, first.Image);
    }
}
