using System.Text.Json;
using Hoist.Cli;
using Hoist.Oci;
using Hoist.Tests.Content;

namespace Hoist.Tests.Cli;

/// <summary><c>images</c>, <c>tag</c>, <c>inspect</c> and <c>history</c> on a store written by <see cref="TestImages"/>.</summary>
public sealed class ImageCommandsTests : IDisposable
{
    // Whole seconds, so that config sizes (and the SIZE column) do not depend on the clock's fraction.
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private readonly TestStore _test = new();

    public void Dispose() => _test.Dispose();

    private CliRun Hoist(params string[] args) => CliRun.WithRoot(_test.Root, args);

    [Fact]
    public async Task Images_lists_each_name_newest_first_in_docker_columns()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a"], created: Now.AddDays(-3), tarLayers: true);
        var busybox = await TestImages.WriteAsync(_test.Store, "busybox:1.0", ["bb"], created: Now.AddHours(-5), tarLayers: true);
        Assert.True(app.Size < 10_000 && busybox.Size < 10_000, "sizes print as plain bytes");

        var run = Hoist("images");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"""
            REPOSITORY   TAG       IMAGE ID       CREATED       SIZE      COMPRESSED
            busybox      1.0       {busybox.Id.Hex[..12]}   5 hours ago   2B        {HumanUnits.Size(busybox.Size)}
            app          latest    {app.Id.Hex[..12]}   3 days ago    1B        {HumanUnits.Size(app.Size)}

            """, run.Output);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Images_on_an_empty_store_prints_the_header_only()
    {
        Assert.Equal("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE      COMPRESSED\n", Hoist("images").Output);
    }

    [Fact]
    public async Task Images_quiet_prints_unique_short_ids()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a"]);
        await _test.Store.Names.SetAsync(ImageReference.Parse("app:v1"), app.ManifestDigest);

        Assert.Equal(app.Id.Hex[..12] + "\n", Hoist("images", "-q").Output);
    }

    [Fact]
    public async Task Tag_adds_a_name_for_the_same_image()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a"], tarLayers: true);

        var run = Hoist("tag", "app", "registry.example.com/team/app:v1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(app.ManifestDigest, _test.Store.Names.Lookup(ImageReference.Parse("registry.example.com/team/app:v1")));
        Assert.Contains("registry.example.com/team/app   v1 ", Hoist("images").Output);
    }

    [Fact]
    public async Task Tag_by_short_id_works_and_a_digest_target_is_refused()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a"]);

        Assert.Equal(0, Hoist("tag", app.Id.Hex[..12], "copy").ExitCode);
        var refused = Hoist("tag", "app", "copy@" + app.ManifestDigest);

        Assert.Equal(app.ManifestDigest, _test.Store.Names.Lookup(ImageReference.Parse("copy")));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.StartsWith("error: refusing to create a tag with a digest reference", refused.Error);
    }

    [Fact]
    public void Unknown_image_fails_with_one_line()
    {
        foreach (var args in new[] { new[] { "tag", "foo", "bar" }, ["inspect", "foo"], ["history", "foo"], ["rmi", "foo"] })
        {
            var run = Hoist(args);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("error: image \"foo\" not found\n", run.Error);
        }
    }

    [Fact]
    public async Task Inspect_prints_a_docker_like_json_array_with_layer_sizes()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["layer one", "two"], created: Now.AddDays(-1), tarLayers: true);
        await _test.Store.Names.SetAsync(ImageReference.Parse("app:v1"), app.ManifestDigest);
        var other = await TestImages.WriteAsync(_test.Store, "other", ["x"], tarLayers: true);

        var run = Hoist("inspect", "app:v1", "other");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("[\n    {\n        \"Id\": \"sha256:", run.Output.ReplaceLineEndings("\n"));
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        var first = json.RootElement[0];
        Assert.Equal(app.Id.ToString(), first.GetProperty("Id").GetString());
        Assert.Equal(["app:latest", "app:v1"], first.GetProperty("RepoTags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([$"app@{app.ManifestDigest}"], first.GetProperty("RepoDigests").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(TimestampJsonConverter.Format(Now.AddDays(-1)), first.GetProperty("Created").GetString());
        Assert.Equal("/bin/sh", first.GetProperty("Config").GetProperty("Cmd")[0].GetString());
        Assert.Equal("/", first.GetProperty("Config").GetProperty("WorkingDir").GetString());
        Assert.Equal(Platform.Host.Architecture, first.GetProperty("Architecture").GetString());
        Assert.Equal("linux", first.GetProperty("Os").GetString());
        Assert.Equal(9 + 3, first.GetProperty("Size").GetInt64()); // docker's: the files' bytes
        Assert.Equal(app.Size, first.GetProperty("CompressedSize").GetInt64());
        Assert.Equal("layers", first.GetProperty("RootFS").GetProperty("Type").GetString());
        Assert.Equal(app.Layers.Select(l => l.Digest.ToString()), first.GetProperty("RootFS").GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(app.ManifestDigest.ToString(), first.GetProperty("Manifest").GetProperty("digest").GetString());
        var layers = first.GetProperty("Layers").EnumerateArray().ToList();
        Assert.Equal(app.Layers.Select(l => l.Size), layers.Select(l => l.GetProperty("Size").GetInt64()));
        Assert.Equal([9L, 3L], layers.Select(l => l.GetProperty("ContentSize").GetInt64()));
        Assert.Equal(MediaTypes.OciLayerGzip, layers[0].GetProperty("MediaType").GetString());
        Assert.Equal(other.Id.ToString(), json.RootElement[1].GetProperty("Id").GetString());
    }

    [Fact]
    public async Task History_lists_steps_newest_first_with_layer_sizes_and_truncation()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a-very-long-layer-content-string", "bb"], created: Now.AddDays(-3), tarLayers: true);

        var run = Hoist("history", "app");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"""
            IMAGE          CREATED      CREATED BY                                      SIZE      COMPRESSED   COMMENT
            {app.Id.Hex[..12]}   3 days ago   CMD ["/bin/sh"]                                 0B        0B           buildkit.dockerfile.v0
            <missing>      3 days ago   RUN /bin/sh -c echo bb > /layer1 # buildkit     2B        {HumanUnits.Size(app.Layers[1].Size),-12} buildkit.dockerfile.v0
            <missing>      3 days ago   RUN /bin/sh -c echo a-very-long-layer-conten…   32B       {HumanUnits.Size(app.Layers[0].Size),-12} buildkit.dockerfile.v0

            """, run.Output);
    }

    [Fact]
    public async Task History_no_trunc_shows_full_commands_and_id()
    {
        var app = await TestImages.WriteAsync(_test.Store, "app", ["a-very-long-layer-content-string"], tarLayers: true);

        var output = Hoist("history", "--no-trunc", "app").Output;

        Assert.Contains("RUN /bin/sh -c echo a-very-long-layer-content-string > /layer0 # buildkit", output);
        Assert.Contains(app.Id.ToString(), output);
    }
}
