using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// SOURCE_DATE_EPOCH end to end (real runc, busybox fixture): the same Dockerfile built with --no-cache from two
/// separate state directories gives the same image ID and manifest digest; every file the build adds is no newer
/// than the epoch; the base layers are the base image's blobs, untouched.
/// </summary>
public sealed class ReproducibleBuildTests
{
    private const long Epoch = 1_700_000_000;

    private const string Dockerfile = """
        FROM hoist-fixtures/busybox:latest
        COPY message.txt /app/
        RUN echo built > /app/out.txt && mkdir -p /app/made
        WORKDIR /srv/data
        """;

    [RootFact]
    public Task The_build_arg_gives_the_same_image_from_two_state_directories() =>
        AssertReproducibleAsync(["--build-arg", $"SOURCE_DATE_EPOCH={Epoch}"], environment: null);

    [RootFact]
    public Task The_environment_gives_the_same_image_from_two_state_directories() =>
        AssertReproducibleAsync([], new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [RootFact]
    public void An_invalid_epoch_is_one_line_before_any_step()
    {
        using var store = new BuildStore();
        var context = store.NewContext(("Dockerfile", Dockerfile), ("message.txt", "hello\n"));

        var result = store.Hoist("build", "--progress", "plain", "--build-arg", "SOURCE_DATE_EPOCH=yesterday", context);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("error: invalid SOURCE_DATE_EPOCH \"yesterday\": expected a non-negative integer (seconds since 1970-01-01 UTC)",
            result.Stderr.Trim());
    }

    private static async Task AssertReproducibleAsync(string[] extra, IReadOnlyDictionary<string, string>? environment)
    {
        using var first = new BuildStore();
        using var second = new BuildStore();
        var one = await BuildAsync(first, extra, environment);
        await Task.Delay(1100); // a second apart: wall-clock times would differ
        var two = await BuildAsync(second, extra, environment);

        Assert.Equal(one.Id, two.Id);
        Assert.Equal(one.Manifest, two.Manifest);
        var store = ContentStore.Open(first.Root);
        Hoist.Snapshots.SnapshotLayers.AttachTo(store);
        var image = await store.LoadImageAsync(one.Manifest);
        var baseImage = await store.LoadImageAsync(store.Names.Lookup(ImageReference.Parse(FixtureImages.Busybox))!.Value);
        var baseLayers = baseImage.Manifest.Manifest.Layers;
        Assert.Equal(baseLayers.Select(l => l.Digest), image.Manifest.Manifest.Layers.Take(baseLayers.Count).Select(l => l.Digest));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Epoch), image.Config.Config.Created);
        var added = image.Manifest.Manifest.Layers.Skip(baseLayers.Count).ToList();
        Assert.Equal(3, added.Count);
        var names = new List<string>();
        foreach (var layer in added)
        {
            await using var file = store.OpenRead(layer.Digest);
            await using var tar = LayerCompressionCodec.OpenRead(file);
            using var reader = new TarArchiveReader(tar);
            while (reader.ReadNext() is { } entry)
            {
                names.Add(entry.Name.TrimEnd('/'));
                Assert.True(entry.ModificationTime <= Epoch, $"{entry.Name}: {entry.ModificationTime}");
            }
        }
        Assert.Contains("app/out.txt", names);
        Assert.Contains("app/message.txt", names);
        Assert.Contains("srv/data", names);
    }

    private static async Task<(Digest Id, Digest Manifest)> BuildAsync(BuildStore store, string[] extra, IReadOnlyDictionary<string, string>? environment)
    {
        var context = store.NewContext(("Dockerfile", Dockerfile), ("message.txt", "hello\n"));
        var result = HoistProcess.Run(["--root", store.Root, "build", "--no-cache", "--progress", "plain", "-t", "test/repro:1", .. extra, context],
            environment: environment, timeout: TimeSpan.FromMinutes(10));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var content = ContentStore.Open(store.Root);
        var manifest = content.Names.Lookup(ImageReference.Parse("test/repro:1"))!.Value;
        var image = await content.LoadImageAsync(manifest);
        return (image.Id, manifest);
    }
}
