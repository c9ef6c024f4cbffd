using Hoist.IntegrationTests.Registry;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// A FROM image missing from the store is pulled from its registry during the build, directly or through a mirror
/// (`--registry-mirror docker.io=…`), as docker build does. Real docker-registry on loopback, real runc.
/// </summary>
public sealed class BuildPullTests(BuildStore store) : IClassFixture<BuildStore>
{
    [RootFact]
    public async Task A_build_with_an_empty_store_pulls_its_base_from_the_registry_and_through_a_mirror()
    {
        Assert.True(RegistryServer.BinaryPath is not null, "docker-registry is required (scripts/setup.sh installs it)");
        await using var registry = await RegistryServer.StartAsync();
        var push = store.Hoist("push", FixtureImages.Busybox, $"{registry.Host}/fixtures/busybox:pulled");
        Assert.True(push.ExitCode == 0, push.Stderr);

        using var fresh = BuildStore.Empty();
        var direct = fresh.NewContext(("Dockerfile", $"""
            FROM {registry.Host}/fixtures/busybox:pulled
            RUN echo pulled-and-ran > /proof.txt
            CMD ["cat", "/proof.txt"]
            """));
        var build = fresh.Hoist("build", "-t", "test/pulled:1", direct);
        Assert.True(build.ExitCode == 0, build.Stderr);
        var run = fresh.Hoist("run", "test/pulled:1");
        Assert.Equal("pulled-and-ran\n", run.Stdout);

        using var mirrored = BuildStore.Empty();
        var viaMirror = mirrored.NewContext(("Dockerfile", """
            FROM fixtures/busybox:pulled
            RUN echo mirrored > /proof.txt
            """));
        var mirrorBuild = mirrored.Hoist("build", "--registry-mirror", $"docker.io=http://{registry.Host}", "-t", "test/mirrored:1", viaMirror);
        Assert.True(mirrorBuild.ExitCode == 0, mirrorBuild.Stderr);
        Assert.Equal(0, mirrored.Hoist("inspect", "test/mirrored:1").ExitCode);
    }

    /// <summary>The pull of an image a stage reads as files unpacks each layer as it arrives (one decompression for the
    /// diffID, the unpack and the summary): a layer's implied directories still look like the ones below, a hard link to
    /// a lower layer's file still works, and no step extracts anything afterwards (the FROM step shows each layer's).</summary>
    [RootFact]
    public async Task A_cold_build_unpacks_the_base_while_pulling_it_with_each_layer_seeing_the_ones_below()
    {
        await using var registry = await RegistryServer.StartAsync();
        var remote = $"{registry.Host}/fixtures/layered:1";
        await Security.HostileImage.WriteAsync(store.Root, remote, FixtureImages.Busybox,
            [Security.HostileImage.Layer(Security.HostileImage.File("data/hello", "hello\n")),
             Security.HostileImage.Layer(Security.HostileImage.File("tmp/implied", "x"), Security.HostileImage.HardLink("link", "data/hello"))]);
        Assert.Equal(0, store.Hoist("push", remote).ExitCode);
        using var fresh = BuildStore.Empty();
        var context = fresh.NewContext(("Dockerfile", $"FROM {remote}\nRUN test \"$(stat -c %a /tmp)\" = 1777 && test \"$(cat /link)\" = hello\n"));

        var build = fresh.Hoist("build", "--progress", "plain", context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.DoesNotContain("#2 extracting", build.Stderr);
        Assert.Equal(6, build.Stderr.Split('\n').Count(l => l.StartsWith("#1 extracting ", StringComparison.Ordinal)));
    }

    [RootFact]
    public void A_base_image_nowhere_to_be_found_fails_with_one_clear_line()
    {
        using var fresh = BuildStore.Empty();
        var context = fresh.NewContext(("Dockerfile", $"FROM 127.0.0.1:{RegistryServer.FreePort()}/nothing/here:1\nRUN true\n"));

        var build = fresh.Hoist("build", context);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("nothing/here", build.Stderr);
        Assert.DoesNotContain("   at ", build.Stderr);
    }

    [RootFact]
    public async Task Pull_resolves_the_base_against_the_registry_when_the_store_has_a_stale_copy()
    {
        await using var registry = await RegistryServer.StartAsync();
        var reference = $"{registry.Host}/fixtures/base:1";
        Assert.Equal(0, store.Hoist("push", FixtureImages.Busybox, reference).ExitCode);
        // The store's own image of that name is something else: what a tag left behind by an older pull looks like.
        var stale = store.Hoist("build", "-t", reference, store.NewContext(("Dockerfile", "FROM scratch\nCOPY stale.txt /\n"), ("stale.txt", "old")));
        Assert.True(stale.ExitCode == 0, stale.Stderr);
        var context = store.NewContext(("Dockerfile", $"FROM {reference}\nCOPY a.txt /\n"), ("a.txt", "a"));
        var fromStore = Path.Combine(context, "..", Path.GetFileName(context) + "-store");
        var pulled = Path.Combine(context, "..", Path.GetFileName(context) + "-pulled");

        var withoutPull = store.Hoist("build", "-o", $"type=local,dest={fromStore}", context);
        var withPull = store.Hoist("build", "--pull", "-o", $"type=local,dest={pulled}", context);

        Assert.True(withoutPull.ExitCode == 0 && withPull.ExitCode == 0, withoutPull.Stderr + withPull.Stderr);
        Assert.True(File.Exists(Path.Combine(fromStore, "stale.txt")));
        Assert.False(File.Exists(Path.Combine(pulled, "stale.txt")));
        Assert.True(File.Exists(Path.Combine(pulled, "bin", "busybox")));
    }

    [RootFact]
    public async Task A_pulled_base_shows_its_resolve_and_downloads_under_its_from_step()
    {
        await using var registry = await RegistryServer.StartAsync();
        var reference = $"{registry.Host}/fixtures/progress:1";
        Assert.Equal(0, store.Hoist("push", FixtureImages.Busybox, reference).ExitCode);
        using var fresh = BuildStore.Empty();

        var build = fresh.Hoist("build", "--progress", "plain", fresh.NewContext(("Dockerfile", $"FROM {reference}\nRUN true\n")));

        Assert.True(build.ExitCode == 0, build.Stderr);
        var lines = build.Stderr.Split('\n');
        var from = Array.IndexOf(lines, $"#1 [1/2] FROM {reference}");
        Assert.True(from >= 0, build.Stderr);
        Assert.Matches($@"^#1 resolve {System.Text.RegularExpressions.Regex.Escape(reference)}@sha256:[0-9a-f]{{64}} \d+\.\ds done$", lines[from + 1]);
        Assert.Matches(@"^#1 sha256:[0-9a-f]{64} \S+ / \S+ done$", lines[from + 2]);
        Assert.Matches(@"^#1 DONE \d+\.\ds$", lines.Skip(from + 2).First(l => !l.StartsWith("#1 sha256:", StringComparison.Ordinal)
            && !l.StartsWith("#1 extracting ", StringComparison.Ordinal)));
    }

    /// <summary>A base pulled for a stage that reads its files is unpacked while it downloads, so its extraction shows
    /// under its FROM step, as BuildKit's (one decompression for the diffID, the unpack and the summary).</summary>
    [RootFact]
    public async Task A_base_pulled_for_a_RUN_is_extracted_under_its_FROM_step_in_BuildKits_words_and_only_once()
    {
        await using var registry = await RegistryServer.StartAsync();
        var reference = $"{registry.Host}/fixtures/extract:1";
        Assert.Equal(0, store.Hoist("push", FixtureImages.Busybox, reference).ExitCode);
        using var fresh = BuildStore.Empty();
        var context = fresh.NewContext(("Dockerfile", $"FROM {reference}\nRUN true\n"));

        var first = fresh.Hoist("build", "--progress", "plain", context);
        var again = fresh.Hoist("build", "--progress", "plain", "--no-cache", context);

        Assert.True(first.ExitCode == 0 && again.ExitCode == 0, first.Stderr + again.Stderr);
        var lines = first.Stderr.Split('\n');
        var blob = System.Text.RegularExpressions.Regex.Match(first.Stderr, @"^#1 (sha256:[0-9a-f]{64}) ", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        var run = Array.IndexOf(lines, "#2 [2/2] RUN true");
        Assert.True(blob.Length > 0 && run >= 0, first.Stderr);
        // The pull unpacked the layer as it arrived: the lines are the FROM step's, after the download's, as BuildKit's.
        Assert.DoesNotContain(lines, l => l.StartsWith("#2 extracting", StringComparison.Ordinal));
        var extracting = lines.Take(run).Where(l => l.StartsWith("#1 extracting ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, extracting.Count);
        Assert.Equal($"#1 extracting {blob}", extracting[0]);
        Assert.Matches($@"^#1 extracting {blob} \d+\.\ds done$", extracting[1]);
        Assert.True(Array.IndexOf(lines, extracting[0]) > Array.FindIndex(lines, l => l.StartsWith($"#1 {blob} ", StringComparison.Ordinal)), first.Stderr);
        Assert.DoesNotContain("extracting", again.Stderr, StringComparison.Ordinal);
    }
}
