using Hoist.IntegrationTests.Registry;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>--cache-to/--cache-from type=registry</c> end to end: a build exports its cache to a loopback docker-registry,
/// a second machine (a fresh state directory) imports it and hits every step (its RUNs, which write random bytes, do
/// not run: the image ID is the same); <c>mode=min</c> leaves out a stage the final image does not stand on; a
/// missing cache ref only warns.
/// </summary>
public sealed class RemoteCacheTests(AnonymousRegistryFixture registry) : IClassFixture<AnonymousRegistryFixture>
{
    private const string Dockerfile = """
        FROM hoist-fixtures/busybox:latest AS side
        RUN head -c 16 /dev/urandom | od -x > /side.txt

        FROM hoist-fixtures/busybox:latest
        ENV GREETING=hello
        WORKDIR /work
        COPY message.txt .
        RUN date +%s%N > stamp.txt && head -c 16 /dev/urandom | od -x >> stamp.txt
        COPY --from=side /side.txt /side.txt
        LABEL stage=final
        """;

    private static (string Stderr, string ImageId) Build(BuildStore store, string context, params string[] extra) =>
        PlainBuild.Run(store, context, extra);

    private static string Outcome(string stderr, string text) => PlainBuild.Outcome(stderr, text);

    private static List<string> Steps(string stderr) => PlainBuild.Steps(stderr);

    [RootFact]
    public void A_fresh_state_directory_hits_the_exported_cache_and_min_leaves_out_other_stages()
    {
        var host = registry.Server.Host;
        string min = $"{host}/cache/app:min", max = $"{host}/cache/app:max";
        using var first = new BuildStore();
        var context = first.NewContext(("Dockerfile", Dockerfile), ("message.txt", "copied\n"));
        var (cold, image) = Build(first, context, "--cache-to", $"type=registry,ref={min}", "--cache-to", $"type=registry,ref={max},mode=max");
        Assert.DoesNotContain("CACHED", cold);

        // mode=max: every step of every stage, no RUN executed (they write random bytes), the same image.
        using var second = new BuildStore();
        var (warm, again) = Build(second, context, "--cache-from", $"type=registry,ref={max}");
        Assert.Equal(image, again);
        var steps = Steps(warm);
        Assert.True(steps.Count == 5, warm); // ENV and LABEL are not steps in the plain progress, as in BuildKit
        Assert.All(steps, s => Assert.Equal("CACHED", Outcome(warm, s)));

        // mode=min: the final image's stage hits; the side stage's RUN is not in the cache and runs again. The final
        // stage still hits its COPY --from (keyed by the side stage's key), so the image is the same.
        using var third = new BuildStore();
        var (partial, third_image) = Build(third, context, "--cache-from", $"type=registry,ref={min}");
        Assert.Equal(image, third_image);
        Assert.Equal("DONE", Outcome(partial, "RUN head -c 16"));
        Assert.All(Steps(partial).Where(s => !s.Contains("RUN head -c 16", StringComparison.Ordinal)), s => Assert.Equal("CACHED", Outcome(partial, s)));
    }

    [RootFact]
    public void A_missing_cache_ref_only_warns()
    {
        using var store = new BuildStore();
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nRUN echo hi > /hi.txt\n"));
        var (stderr, _) = Build(store, context, "--cache-from", $"type=registry,ref={registry.Server.Host}/cache/missing:none");
        Assert.Contains($"WARNING: cache import: {registry.Server.Host}/cache/missing:none not found", stderr);
        Assert.Equal("DONE", Outcome(stderr, "RUN echo hi"));
    }

    [RootFact]
    public void A_bad_cache_spec_is_a_one_line_error()
    {
        using var store = BuildStore.Empty();
        var context = store.NewContext(("Dockerfile", "FROM scratch\n"));
        var build = store.Hoist("build", "--cache-to", "type=gha", context);
        Assert.Equal(1, build.ExitCode);
        Assert.Equal("error: invalid --cache-to \"type=gha\": cache type \"gha\" is not supported (registry or local)", build.Stderr.Trim());
    }
}
