using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>Several target platforms in one build, and what an explicit target platform does to the image's config.</summary>
public sealed class MultiPlatformEngineTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public void Dispose() => _engine.Dispose();

    private const string CrossCompile = """
        FROM --platform=$BUILDPLATFORM base:1 AS generate
        RUN write /generated.txt shared
        FROM --platform=$BUILDPLATFORM base:1 AS compile
        ARG TARGETARCH
        RUN write /app built
        FROM scratch
        COPY --from=generate /generated.txt /
        COPY --from=compile /app /
        """;

    [Fact]
    public async Task Each_platform_is_built_into_one_named_index_and_a_stage_that_ignores_the_target_runs_once()
    {
        await _engine.WriteImageAsync("base:1", new Dictionary<string, string> { ["/etc/os-release"] = "base" }, new());

        var build = await _engine.BuildAsync(CrossCompile, platforms: "linux/amd64,linux/arm64", tags: ["app:multi"]);

        var index = Assert.IsType<StoredIndex>(await _engine.Store.ReadDocumentAsync(build.Result.ManifestDigest));
        Assert.Equal(["linux/amd64", "linux/arm64"], index.Index.Manifests.Select(m => m.Platform!.ToString()));
        Assert.Equal(index.Digest, _engine.Store.Names.Lookup(ImageReference.Parse("app:multi")));
        Assert.Equal(index.Digest, build.Result.ImageId);
        Assert.Equal(["linux/amd64", "linux/arm64"], build.Result.Platforms.Select(p => p.Platform!.ToString()));
        // generate reads no TARGET* arg: the same keys for both platforms, so it ran once; compile declares TARGETARCH
        Assert.Single(build.Runs, r => r.Args[^1] == "write /generated.txt shared");
        Assert.Equal(["amd64", "arm64"], build.Runs.Where(r => r.Args[^1] == "write /app built")
            .Select(r => r.Env.Single(e => e.StartsWith("TARGETARCH=", StringComparison.Ordinal))["TARGETARCH=".Length..]));
        Assert.All(build.Runs, r => Assert.Equal(Platform.Host, r.Platform)); // $BUILDPLATFORM stages: never emulated
        Assert.Contains("[linux/arm64 generate 2/2] RUN write /generated.txt shared", build.Events.Titles("cached"));
        var arm = await _engine.Store.LoadImageAsync(index.Digest, Platform.Parse("linux/arm64"));
        Assert.Equal("arm64", arm.Config.Config.Architecture);
    }

    [Fact]
    public async Task Steps_of_later_platforms_are_numbered_on_and_carry_the_platform()
    {
        await _engine.WriteImageAsync("base:1", new Dictionary<string, string> { ["/etc/os-release"] = "base" }, new());

        var build = await _engine.BuildAsync(CrossCompile, platforms: "linux/amd64,linux/arm64");

        var started = build.Events.All.Where(e => e.Kind is "started" or "cached").Select(e => e.Step).DistinctBy(s => s.Id).ToList();
        Assert.Equal(Enumerable.Range(1, started.Count), started.Select(s => s.Id).Order());
        Assert.Equal(started.Count / 2, started.Count(s => s.Title.StartsWith("[linux/arm64 ", StringComparison.Ordinal)));
        Assert.Equal(build.Result.StepCount, started.Count);
    }

    [Theory]
    [InlineData("linux/arm/v7", "arm", "v7")]
    [InlineData("linux/arm64", "arm64", null)]
    public async Task An_explicit_target_platform_is_what_the_image_declares_even_from_a_BUILDPLATFORM_stage(string platform, string architecture, string? variant)
    {
        await _engine.WriteImageAsync("base:1", new Dictionary<string, string> { ["/etc/os-release"] = "base" }, new());

        var build = await _engine.BuildAsync("FROM --platform=$BUILDPLATFORM base:1\nENV A=1\n", platforms: platform);

        Assert.Equal(("linux", architecture, variant), (build.Image.Os, build.Image.Architecture, build.Image.Variant));
    }

    [Fact]
    public async Task Without_a_target_platform_the_final_stage_keeps_its_own()
    {
        await _engine.WriteImageAsync("base:1", new Dictionary<string, string> { ["/etc/os-release"] = "base" }, new());

        var build = await _engine.BuildAsync("FROM --platform=linux/arm64 scratch\nENV A=1\n");

        Assert.Equal("arm64", build.Image.Architecture);
    }
}
