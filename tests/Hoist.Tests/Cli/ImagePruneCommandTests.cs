using Hoist.Content;
using Hoist.Oci;
using Hoist.Tests.Content;

namespace Hoist.Tests.Cli;

/// <summary><c>hoist image prune</c> as <c>docker image prune</c>: dangling images by default, every image with -a, filters.</summary>
public sealed class ImagePruneCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private readonly TestStore _test = new();

    public void Dispose() => _test.Dispose();

    private CliRun Hoist(params string[] args) => CliRun.WithRoot(_test.Root, args);

    /// <summary>An image kept without a name, as an untagged load leaves it.</summary>
    private async Task<Digest> DanglingAsync(string content, DateTimeOffset created)
    {
        var image = await TestImages.WriteAsync(_test.Store, "dangling-" + content, ["layer of " + content], created: created, tarLayers: true);
        await _test.Store.Names.RemoveAsync(ImageReference.Parse("dangling-" + content));
        await _test.Store.Names.AddUntaggedAsync(image.ManifestDigest);
        return image.ManifestDigest;
    }

    [Fact]
    public async Task Prune_removes_dangling_images_and_their_blobs_and_keeps_named_ones()
    {
        var named = await TestImages.WriteAsync(_test.Store, "app:1", ["a"], created: Now, tarLayers: true);
        var dangling = await DanglingAsync("old", Now.AddDays(-2));

        var run = Hoist("image", "prune", "-f");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"Deleted Images:\nuntagged: {dangling}\nDeleted: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("\nTotal reclaimed space: ", run.Output, StringComparison.Ordinal);
        Assert.Empty(_test.Store.Names.ListUntagged());
        Assert.False(_test.Store.Contains(dangling));
        Assert.Equal(named.ManifestDigest, _test.Store.Names.Lookup(ImageReference.Parse("app:1")));
        Assert.True(_test.Store.Contains(named.ManifestDigest));
    }

    [Fact]
    public async Task Prune_all_removes_named_images_too()
    {
        var named = await TestImages.WriteAsync(_test.Store, "app:1", ["a"], created: Now, tarLayers: true);

        var run = Hoist("image", "prune", "-a", "-f");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("untagged: app:1\n", run.Output, StringComparison.Ordinal);
        Assert.Empty(_test.Store.Names.List());
        Assert.False(_test.Store.Contains(named.ManifestDigest));
    }

    [Fact]
    public async Task Until_keeps_images_created_after_the_time()
    {
        var recent = await DanglingAsync("recent", Now.AddMinutes(-5));
        var old = await DanglingAsync("old", Now.AddDays(-3));

        var run = Hoist("image", "prune", "-f", "--filter", "until=24h");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([recent], _test.Store.Names.ListUntagged());
        Assert.False(_test.Store.Contains(old));
    }

    [Theory]
    [InlineData("until=24h", true)]
    [InlineData("until=48h", false)]
    [InlineData("until=2000000000", true)]
    [InlineData("until=2020-01-01T00:00:00Z", false)]
    [InlineData("label=team", true)]
    [InlineData("label=team=web", true)]
    [InlineData("label=team=db", false)]
    [InlineData("label!=team", false)]
    public void A_filter_matches_as_dockers(string filter, bool matches)
    {
        var config = new ImageConfig
        {
            Architecture = "amd64",
            Os = "linux",
            RootFs = new RootFs { DiffIds = [] },
            Created = Now.AddHours(-30),
            Config = new ContainerConfig { Labels = new Dictionary<string, string> { ["team"] = "web" } },
        };

        Assert.Equal(matches, ImagePruneFilter.Parse(filter, Now).Matches(config));
    }

    [Fact]
    public void An_unknown_filter_is_one_line()
    {
        var run = Hoist("image", "prune", "-f", "--filter", "dangling=false");

        Assert.Equal((1, "error: --filter dangling=false: invalid filter 'dangling' (until, label, label!)\n"), (run.ExitCode, run.Error));
    }
}
