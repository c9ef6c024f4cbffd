namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>FROM NAME</c> where <c>--build-context NAME=DIR</c>, through the real binary: the stage is the directory's files
/// (its .dockerignore applied, owned by root, modes and mtimes kept) on scratch's config, shown and recorded as BuildKit
/// shows a local source; RUN works on top (the directory holds a busybox root filesystem), other stages copy from it and
/// it can be the target; an unchanged directory hits the cache, a changed file misses naming it. Git contexts as a base:
/// <see cref="GitContextTests"/>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FromContextTests(BuildStore store) : IClassFixture<BuildStore>
{
    private static readonly DateTime AppTime = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    /// <summary>A directory holding the busybox root filesystem, an app file (0600, an old mtime) and an ignored file.</summary>
    private string RootfsContext()
    {
        var directory = store.NewContext(("app.txt", "app v1\n"), ("ignored.txt", "ignored\n"), (".dockerignore", "ignored.txt\n"));
        BusyboxRootfs.Run("tar", "-xf", Path.Combine(FixtureImages.CacheDirectory(), "busybox-rootfs.tar"), "-C", directory);
        File.SetUnixFileMode(Path.Combine(directory, "app.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetLastWriteTimeUtc(Path.Combine(directory, "app.txt"), AppTime);
        return directory;
    }

    private static readonly string Dockerfile = """
        FROM rootfs AS base
        RUN echo ran > /ran
        ENV FROM_CONTEXT=1

        FROM scratch AS copier
        COPY --from=base /app.txt /copied

        FROM base
        """;

    [RootFact]
    public void A_directory_context_is_a_stage_of_its_files_that_runs_copies_and_targets()
    {
        var rootfs = RootfsContext();
        var context = store.NewContext(("Dockerfile", Dockerfile));
        string[] named = ["--build-context", "rootfs=" + rootfs];

        var (built, _) = PlainBuild.Run(store, context, [.. named, "-t", "test/from-dir"]);
        var copied = Path.Combine(store.NewContext(), "out");
        var target = store.Hoist(["build", "--progress", "plain", .. named, "--target", "copier", "-o", "type=local,dest=" + copied, context]);
        var run = store.Hoist("run", "test/from-dir", "sh", "-c", "stat -c '%u:%g %a %Y' /app.txt && cat /ran && echo $FROM_CONTEXT $PATH && ls /ignored.txt || true");
        var history = store.Hoist("history", "--no-trunc", "test/from-dir");

        Assert.Contains("#1 [context rootfs] load from client\n", built, StringComparison.Ordinal);
        Assert.Contains("[base 1/2] RUN echo ran > /ran", built, StringComparison.Ordinal);
        Assert.DoesNotContain("Image rootfs", built, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"0:0 600 {new DateTimeOffset(AppTime).ToUnixTimeSeconds()}\nran\n1 /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n", run.Stdout);
        Assert.Contains("No such file", run.Stderr, StringComparison.Ordinal);
        Assert.True(target.ExitCode == 0, target.Stderr);
        Assert.Equal("app v1\n", File.ReadAllText(Path.Combine(copied, "copied")));
        Assert.Matches(@"(?s)RUN /bin/sh -c echo ran > /ran # buildkit.*local source for rootfs\s.*buildkit\.exporter\.image\.v0", history.Stdout);
    }

    [RootFact]
    public void An_unchanged_directory_hits_the_cache_and_a_changed_file_misses_naming_it()
    {
        var rootfs = RootfsContext();
        var context = store.NewContext(("Dockerfile", Dockerfile));
        string[] named = ["--build-context", "rootfs=" + rootfs];
        var (_, first) = PlainBuild.Run(store, context, named);

        File.WriteAllText(Path.Combine(rootfs, "ignored.txt"), "ignored, changed\n");
        var (ignored, same) = PlainBuild.Run(store, context, named);
        File.WriteAllText(Path.Combine(rootfs, "app.txt"), "app v2\n");
        var (changed, other) = PlainBuild.Run(store, context, named);

        Assert.Equal("CACHED", PlainBuild.Outcome(ignored, "load from client"));
        Assert.Equal("CACHED", PlainBuild.Outcome(ignored, "RUN echo ran"));
        Assert.Equal(first, same);
        Assert.Equal("DONE", PlainBuild.Outcome(changed, "load from client"));
        Assert.Contains("\n#1 MISS app.txt changed\n", changed, StringComparison.Ordinal);
        Assert.Equal("DONE", PlainBuild.Outcome(changed, "RUN echo ran"));
        Assert.NotEqual(first, other);
    }
}
