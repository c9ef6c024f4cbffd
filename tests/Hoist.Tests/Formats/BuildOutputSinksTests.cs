using System.Formats.Tar;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Tests.Content;

namespace Hoist.Tests.Formats;

/// <summary>A built image goes to each file output through its sink: image → sink, nothing looked up by name.</summary>
public sealed class BuildOutputSinksTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly string _out = Directory.CreateTempSubdirectory("hoist-sinks-").FullName;

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    private async Task<Image> ImageAsync() =>
        (await _store.Store.LoadImageAsync((await FormatTestImages.ImportAsync(_store.Store, name: null, "built")).Target)).Image;

    private Task<ImageExport> WriteAsync(string spec, Image image, Stream? standardOutput = null) =>
        BuildOutputSinks.For(_store.Store, BuildOutputParser.Parse(spec, standardOutputIsTerminal: false), [ImageReference.Parse("app:1")], () => standardOutput ?? Stream.Null)
            .WriteAsync(image, CancellationToken.None);

    [Fact]
    public async Task A_local_output_is_the_image_filesystem()
    {
        var destination = Path.Combine(_out, "fs");

        var export = await WriteAsync($"type=local,dest={destination}", await ImageAsync());

        Assert.Equal("built\n", File.ReadAllText(Path.Combine(destination, "etc", "greeting")));
        Assert.Equal($"copying files to {destination}", export.Done);
        Assert.Equal(0, export.DeviceNodesLeftOut);
    }

    [Fact]
    public async Task A_tar_output_to_standard_output_is_the_filesystem_as_one_tar()
    {
        var stdout = new MemoryStream();

        var export = await WriteAsync("type=tar,dest=-", await ImageAsync(), stdout);

        stdout.Position = 0;
        var names = new List<string>();
        using (var reader = new TarReader(stdout))
        {
            while (reader.GetNextEntry() is { } entry) names.Add(entry.Name.TrimEnd('/'));
        }
        Assert.Contains("etc/greeting", names);
        Assert.Equal("sending tarball to standard output", export.Done);
    }

    [Fact]
    public async Task An_oci_layout_directory_records_the_given_name_and_the_manifest()
    {
        var image = await ImageAsync();
        var destination = Path.Combine(_out, "layout");

        var export = await WriteAsync($"type=oci,dest={destination},tar=false", image);

        var index = StoredIndex.FromBytes(File.ReadAllBytes(Path.Combine(destination, "index.json")));
        var entry = Assert.Single(index.Index.Manifests);
        Assert.Equal(image.ManifestDigest, entry.Digest);
        Assert.Equal("docker.io/library/app:1", entry.Annotations![OciLayout.ContainerdImageNameAnnotation]);
        Assert.True(File.Exists(Path.Combine(destination, "blobs", "sha256", image.ConfigDigest.Hex)));
        Assert.Equal($"writing layout to {destination}", export.Done);
    }

    [Fact]
    public async Task A_docker_archive_file_is_renamed_into_place_whole()
    {
        var destination = Path.Combine(_out, "image.tar");

        var export = await WriteAsync($"type=docker,dest={destination}", await ImageAsync());

        Assert.Equal(["image.tar"], Directory.GetFiles(_out).Select(Path.GetFileName));
        var names = new List<string>();
        await using (var file = File.OpenRead(destination))
        using (var reader = new TarReader(file))
        {
            while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        }
        Assert.Contains("manifest.json", names);
        Assert.Equal($"sending tarball to {destination}", export.Done);
    }

    [Fact]
    public void An_image_output_has_no_sink_it_is_the_store()
    {
        Assert.Throws<ArgumentException>(() => BuildOutputSinks.For(_store.Store, new BuildOutput { Type = BuildOutputType.Image }, [], () => Stream.Null));
    }
}
