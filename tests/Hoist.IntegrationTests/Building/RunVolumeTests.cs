namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>hoist run -v NAME:/path</c> as docker's named volumes, with real runc: created on first use, seeded from the
/// image's content at the path when empty (owner and mode too), kept across runs and by <c>hoist prune</c>, anonymous
/// volumes gone with their container, <c>nocopy</c>, a volume in use kept from <c>hoist volume rm</c> (hostile names:
/// <c>VolumeCommandTests</c>, no container needed).
/// </summary>
public sealed class RunVolumeTests(BuildStore store) : IClassFixture<BuildStore>
{
    private string Image()
    {
        var context = store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            RUN mkdir -p /data && echo from-image > /data/seed && chown 1000:1000 /data && chmod 0750 /data
            """));
        var build = store.Hoist("build", "-t", "test/volumes:1", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        return "test/volumes:1";
    }

    private string Run(params string[] args)
    {
        var run = store.Hoist(["run", .. args]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return run.Stdout;
    }

    [RootFact]
    public void A_named_volume_is_seeded_from_the_image_on_first_use_and_kept_across_runs_and_prunes()
    {
        var image = Image();

        var first = Run("-v", "kept:/data", image, "sh", "-c", "cat /data/seed; stat -c '%u %a' /data; echo first-run > /data/added");
        var second = Run("-v", "kept:/data", image, "sh", "-c", "echo changed > /data/seed; cat /data/added; ls /data");
        var third = Run("-v", "kept:/data:ro", image, "sh", "-c", "cat /data/seed; touch /data/x 2>/dev/null || echo read-only");
        var prune = store.Hoist("prune");

        Assert.Equal("from-image\n1000 750\n", first);
        Assert.Equal("first-run\nadded\nseed\n", second);
        Assert.Equal("changed\nread-only\n", third);
        Assert.Equal(0, prune.ExitCode);
        Assert.Contains("kept\n", store.Hoist("volume", "ls", "-q").Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\nVolumes: \d+, [\d.]+\w?B \(0 in use;", store.Hoist("du").Stdout);
        Assert.Equal("changed\n", File.ReadAllText(Path.Combine(store.Root, "volumes", "kept", "_data", "seed")));
        var remove = store.Hoist("volume", "rm", "kept");
        Assert.Equal((0, "kept\n"), (remove.ExitCode, remove.Stdout));
        Assert.DoesNotContain("kept\n", store.Hoist("volume", "ls", "-q").Stdout, StringComparison.Ordinal);
    }

    [RootFact]
    public void An_anonymous_volume_goes_with_its_container_and_nocopy_leaves_a_new_volume_empty()
    {
        var image = Image();
        var anonymous = Run("-v", "/data", image, "cat", "/data/seed");
        var empty = Run("-v", "blank:/data:nocopy", image, "ls", "-A", "/data");

        Assert.Equal("from-image\n", anonymous);
        Assert.Equal("", empty);
        var volumes = store.Hoist("volume", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("blank", volumes);
        Assert.DoesNotContain(volumes, v => v.Length == 64);
        Assert.Equal(0, store.Hoist("volume", "rm", "blank").ExitCode);
    }

    [RootFact]
    public async Task A_volume_a_running_container_uses_is_not_removed()
    {
        using var running = HoistProcess.Start(["--root", store.Root, "run", "-v", "busy:/data", FixtureImages.Busybox, "sh", "-c", "echo up; sleep 60"]);
        try
        {
            Assert.Equal("up", await running.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));

            var remove = store.Hoist("volume", "rm", "busy");
            var prune = store.Hoist("volume", "prune", "-a", "-f");

            Assert.Equal((1, "error: remove busy: volume is in use by a running hoist run\n"), (remove.ExitCode, remove.Stderr));
            Assert.DoesNotContain("busy", prune.Stdout, StringComparison.Ordinal);
            Assert.Equal("busy\n", store.Hoist("volume", "ls", "-q", "--filter", "dangling=false").Stdout);
        }
        finally
        {
            running.Kill(entireProcessTree: false);
            await running.WaitForExitAsync();
        }
        var removed = store.Hoist("volume", "rm", "busy");
        Assert.Equal((0, "busy\n"), (removed.ExitCode, removed.Stdout));
    }
}
