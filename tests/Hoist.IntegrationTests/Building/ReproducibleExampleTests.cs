using System.Globalization;
using Hoist.Content;
using Hoist.Oci;
using Xunit.Abstractions;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// Issue 13's "Must show" for reproducibility: each example (the gcc ones are multi-stage builds over the Debian gcc
/// fixture) committed to a git repository, cloned twice a second apart, and built with <c>--no-cache</c> from two
/// state directories — one under <c>taskset -c 0</c> with <c>--jobs 1</c>, one on every core with <c>--jobs 4</c> —
/// gives the same image ID and manifest digest: first with the git commit time as the epoch, then with a
/// <c>--build-arg SOURCE_DATE_EPOCH</c>. The base image's layer blobs are the final image's first layers, unchanged.
/// </summary>
public sealed class ReproducibleExampleTests(ITestOutputHelper log)
{
    private const long CommitTime = 1_650_000_000;
    private const long BuildArgEpoch = 1_700_000_000;

    [RootFact]
    public Task The_c_to_scratch_example_is_reproducible() => AssertReproducibleAsync("c-to-scratch", gcc: true, runtimeBase: null);

    [RootFact]
    public Task The_build_test_runtime_example_is_reproducible() => AssertReproducibleAsync("build-test-runtime", gcc: true, FixtureImages.Busybox);

    [RootFact]
    public Task The_gcc_final_stage_mistake_example_is_reproducible() =>
        AssertReproducibleAsync("mistakes/build-tools-in-runtime", gcc: true, FixtureImages.DebianGcc);

    [RootFact]
    public Task The_static_site_example_is_reproducible() => AssertReproducibleAsync("static-site", gcc: false, FixtureImages.Busybox);

    [RootFact]
    public Task The_scan_gate_example_is_reproducible() => AssertReproducibleAsync("scan-gate", gcc: false, FixtureImages.Busybox);

    private async Task AssertReproducibleAsync(string example, bool gcc, string? runtimeBase)
    {
        using var repository = GitRepository.Of(Path.Combine(HoistProcess.RepositoryRoot, "examples", example), CommitTime);
        var early = repository.Clone("early");
        await Task.Delay(1100); // the clones' files get mtimes a second apart, as do the builds' wall clocks
        var late = repository.Clone("late");
        using var one = new BuildStore();
        using var two = new BuildStore();
        if (gcc) await ImportGccAsync(one, two);

        var gitOne = await BuildAsync(one, early, oneCore: true, jobs: 1);
        var gitTwo = await BuildAsync(two, late, oneCore: false, jobs: 4);
        AssertSame(gitOne, gitTwo, CommitTime);
        await AssertBaseBlobsKeptAsync(one, gitOne.Manifest, runtimeBase);

        var argOne = await BuildAsync(one, late, oneCore: false, jobs: 2, "--build-arg", $"SOURCE_DATE_EPOCH={BuildArgEpoch}");
        var argTwo = await BuildAsync(two, early, oneCore: true, jobs: 1, "--build-arg", $"SOURCE_DATE_EPOCH={BuildArgEpoch}");
        AssertSame(argOne, argTwo, BuildArgEpoch);
        Assert.NotEqual(gitOne.Id, argOne.Id);
    }

    private sealed record Built(Digest Id, Digest Manifest, DateTimeOffset? Created);

    private async Task<Built> BuildAsync(BuildStore store, string context, bool oneCore, int jobs, params string[] extra)
    {
        var result = HoistProcess.Run(
            ["--root", store.Root, "build", "--no-cache", "--progress", "plain", "--jobs", jobs.ToString(CultureInfo.InvariantCulture), "-t", "repro/example:1", .. extra, context],
            timeout: TimeSpan.FromMinutes(15), launcher: oneCore ? ["taskset", "-c", "0"] : null);
        log.WriteLine(result.Stderr.Split('\n').LastOrDefault(l => l.StartsWith("built in", StringComparison.Ordinal)) ?? "");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var content = ContentStore.Open(store.Root);
        var image = await content.ResolveImageAsync("repro/example:1");
        return new Built(image.Id, image.Manifest.Digest, image.Config.Config.Created);
    }

    private static void AssertSame(Built one, Built two, long epoch)
    {
        Assert.Equal(one.Id, two.Id);
        Assert.Equal(one.Manifest, two.Manifest);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(epoch), one.Created);
    }

    private static async Task AssertBaseBlobsKeptAsync(BuildStore store, Digest manifest, string? runtimeBase)
    {
        if (runtimeBase is null) return;
        var content = ContentStore.Open(store.Root);
        var image = await content.LoadImageAsync(manifest);
        var baseLayers = (await content.ResolveImageAsync(runtimeBase)).Manifest.Manifest.Layers;
        Assert.Equal(baseLayers, image.Manifest.Manifest.Layers.Take(baseLayers.Count));
    }

    private static async Task ImportGccAsync(params BuildStore[] stores)
    {
        var tar = Path.Combine(FixtureImages.CacheDirectory(gcc: true), "debian-gcc-rootfs.tar");
        foreach (var store in stores) await FixtureImages.ImportAsync(ContentStore.Open(store.Root), tar, FixtureImages.DebianGcc);
    }
}
