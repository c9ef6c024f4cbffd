
namespace Hoist.IntegrationTests.Building;

/// <summary>
/// The build cache end to end (real runc, busybox fixture): a warm rebuild is all CACHED, writes no blob and gives
/// the same image; every input that matters misses, the rest hits; torn entries are ignored; --no-cache,
/// --no-cache-filter, prune and du.
/// </summary>
public sealed class BuildCacheTests(BuildStore store) : IClassFixture<BuildStore>
{
    private int BlobCount() => Directory.GetFiles(Path.Combine(store.Root, "blobs", "sha256")).Length;

    private (string Stderr, string ImageId) Build(string context, params string[] extra) => PlainBuild.Run(store, context, extra);

    private static string Outcome(string stderr, string text) => PlainBuild.Outcome(stderr, text);

    [RootFact]
    public void A_warm_rebuild_is_all_cached_writes_no_blob_and_gives_the_same_image()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS build
            ARG V=1
            ENV GREETING=hello
            WORKDIR /work
            COPY message.txt .
            RUN echo "$GREETING $V" > out.txt && cat message.txt >> out.txt
            LABEL stage=build

            FROM scratch
            COPY --from=build /work/out.txt /out.txt
            COPY message.txt /
            CMD ["x"]
            """), ("message.txt", "copied\n"));
        var (cold, image) = Build(context);
        Assert.DoesNotContain("CACHED", cold);
        var blobs = BlobCount();

        var (warm, again) = Build(context);
        Assert.Equal(image, again);
        Assert.Equal(blobs, BlobCount());
        var steps = PlainBuild.Steps(warm);
        Assert.Equal(5, steps.Count); // WORKDIR, COPY, RUN, COPY --from, COPY: config-only instructions are not steps, as in BuildKit
        Assert.All(steps, s => Assert.Equal("CACHED", Outcome(warm, s)));
    }

    [RootFact]
    public void A_warm_rebuild_makes_no_scratch_space_and_writes_no_step_log()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            COPY message.txt /
            RUN cat /message.txt > /out.txt
            """), ("message.txt", "scratch\n"));
        Build(context);

        // Where the scratch space and the step logs would be made is taken by a file: a rebuild that tried to make
        // either fails.
        string[] taken = [Path.Combine(store.Root, "snapshots", "runs"), Path.Combine(store.Root, "logs")];
        foreach (var path in taken.Where(Directory.Exists)) Directory.Delete(path, recursive: true);
        try
        {
            foreach (var path in taken) File.WriteAllText(path, "");
            var (warm, _) = Build(context);
            Assert.All(PlainBuild.Steps(warm), s => Assert.Equal("CACHED", Outcome(warm, s)));
        }
        finally
        {
            foreach (var path in taken) File.Delete(path);
        }
    }

    [RootFact]
    public void Inputs_that_matter_miss_and_the_others_hit()
    {
        var context = store.NewContext(
            ("Dockerfile", """
                ARG GLOBAL_ONLY=a
                FROM test/cache-base:1
                ARG USED=1
                COPY app.txt /app.txt
                RUN cat /app.txt > /copy.txt && echo "$USED" >> /copy.txt
                """),
            (".dockerignore", "*.log\n"),
            ("app.txt", "one\n"));
        var tag = store.Hoist("tag", FixtureImages.Busybox, "test/cache-base:1");
        Assert.True(tag.ExitCode == 0, tag.Stderr);
        const string Copy = "COPY app.txt", Run = "RUN cat";
        string[] Outcomes(string stderr) => [Outcome(stderr, Copy), Outcome(stderr, Run)];
        Build(context);

        // Changes that do not matter: mtime only, an ignored file, a build arg no stage declares, a global arg the
        // stage does not redeclare.
        File.SetLastWriteTimeUtc(Path.Combine(context, "app.txt"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(["CACHED", "CACHED"], Outcomes(Build(context).Stderr));
        File.WriteAllText(Path.Combine(context, "debug.log"), "ignored\n");
        Assert.Equal(["CACHED", "CACHED"], Outcomes(Build(context).Stderr));
        Assert.Equal(["CACHED", "CACHED"], Outcomes(Build(context, "--build-arg", "NOBODY=x", "--build-arg", "GLOBAL_ONLY=b").Stderr));

        // A build arg in scope: the RUN sees it in its environment, the COPY does not use it.
        Assert.Equal(["CACHED", "DONE"], Outcomes(Build(context, "--build-arg", "USED=2").Stderr));
        Assert.Equal(["CACHED", "CACHED"], Outcomes(Build(context, "--build-arg", "USED=2").Stderr));

        // File content, then file mode.
        File.WriteAllText(Path.Combine(context, "app.txt"), "two\n");
        Assert.Equal(["DONE", "DONE"], Outcomes(Build(context).Stderr));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(context, "app.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(["DONE", "DONE"], Outcomes(Build(context).Stderr));

        // An ENV before the RUN.
        var dockerfile = Path.Combine(context, "Dockerfile");
        File.WriteAllText(dockerfile, File.ReadAllText(dockerfile).Replace("RUN cat", "ENV X=1\nRUN cat", StringComparison.Ordinal));
        Assert.Equal(["CACHED", "DONE"], Outcomes(Build(context).Stderr));

        // The base image: same name, another digest.
        var tar = Path.Combine(FixtureImages.CacheDirectory(), "busybox-rootfs.tar");
        var import = store.Hoist("import", "--change", "ENV FROM_BASE=2", tar, "test/cache-base:1");
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Equal(["DONE", "DONE"], Outcomes(Build(context).Stderr));
        Assert.Equal(["CACHED", "CACHED"], Outcomes(Build(context).Stderr));
    }

    [RootFact]
    public void Run_mount_sources_are_part_of_the_key()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS data
            RUN echo one > /stage.txt

            FROM hoist-fixtures/busybox:latest
            RUN --mount=type=bind,source=input.txt,target=/in.txt cat /in.txt > /from-context.txt
            RUN --mount=type=bind,from=data,source=/stage.txt,target=/s.txt cat /s.txt > /from-stage.txt
            RUN --mount=type=cache,target=/cache echo cached >> /cache/log
            """), ("input.txt", "a\n"), ("other.txt", "x\n"));
        Build(context);
        File.WriteAllText(Path.Combine(context, "other.txt"), "unrelated change\n");
        var warm = Build(context).Stderr;
        Assert.Equal("CACHED", Outcome(warm, "RUN --mount=type=bind,source=input.txt"));
        Assert.Equal("CACHED", Outcome(warm, "RUN --mount=type=cache"));

        File.WriteAllText(Path.Combine(context, "input.txt"), "b\n");
        Assert.Equal("DONE", Outcome(Build(context).Stderr, "RUN --mount=type=bind,source=input.txt"));

        var dockerfile = Path.Combine(context, "Dockerfile");
        File.WriteAllText(dockerfile, File.ReadAllText(dockerfile).Replace("echo one", "echo two", StringComparison.Ordinal));
        var changed = Build(context).Stderr;
        Assert.Equal("CACHED", Outcome(changed, "RUN --mount=type=bind,source=input.txt"));
        Assert.Equal("DONE", Outcome(changed, "RUN --mount=type=bind,from=data"));
    }

    [RootFact]
    public async Task Two_concurrent_builds_share_the_cache_safely()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            COPY a.txt /a.txt
            RUN cat /a.txt > /b.txt
            """), ("a.txt", "concurrent\n"));
        var builds = await Task.WhenAll(Enumerable.Range(0, 2)
            .Select(_ => Task.Run(() => store.Hoist("build", "--progress", "plain", context))));
        Assert.All(builds, b => Assert.True(b.ExitCode == 0, b.Stderr));
        var warm = Build(context).Stderr;
        Assert.Equal("CACHED", Outcome(warm, "COPY a.txt"));
        Assert.Equal("CACHED", Outcome(warm, "RUN cat"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, "cache"), "*.tmp", SearchOption.AllDirectories));
    }

    [RootFact]
    public void Torn_or_garbage_cache_entries_are_ignored_and_rewritten()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            COPY a.txt /a.txt
            RUN cp /a.txt /b.txt
            """), ("a.txt", "a\n"));
        var (_, image) = Build(context);
        var entries = Path.Combine(store.Root, "cache", "entries");
        foreach (var file in Directory.EnumerateFiles(entries, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllBytes(file);
            File.WriteAllBytes(file, text[..(text.Length / 2)]); // what a torn write would leave
        }
        var (torn, _) = Build(context);
        Assert.Equal("DONE", Outcome(torn, "COPY a.txt"));
        Assert.Equal("DONE", Outcome(torn, "RUN cp"));
        foreach (var file in Directory.EnumerateFiles(entries, "*", SearchOption.AllDirectories))
        {
            File.WriteAllBytes(file, "\0garbage\0"u8.ToArray());
        }
        Assert.Equal("DONE", Outcome(Build(context).Stderr, "RUN cp"));
        var (warm, again) = Build(context);
        Assert.Equal("CACHED", Outcome(warm, "COPY a.txt"));
        Assert.Equal("CACHED", Outcome(warm, "RUN cp"));
        Assert.NotEqual(image, again); // the step really ran again (new history timestamps)
    }

    [RootFact]
    public void No_cache_and_no_cache_filter_rebuild_what_they_name()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS first
            RUN echo first > /first.txt

            FROM hoist-fixtures/busybox:latest AS second
            COPY --from=first /first.txt /
            RUN echo second > /second.txt
            """));
        Build(context);
        var noCache = Build(context, "--no-cache").Stderr;
        Assert.DoesNotContain("CACHED", noCache);
        var filtered = Build(context, "--no-cache-filter", "first").Stderr;
        Assert.Equal("DONE", Outcome(filtered, "RUN echo first"));
        Assert.Equal("CACHED", Outcome(filtered, "RUN echo second"));
        var all = Build(context).Stderr;
        Assert.Equal("CACHED", Outcome(all, "RUN echo first"));
    }

    [RootFact]
    public void Prune_drops_cache_entries_and_du_shows_them()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            RUN echo pruned > /p.txt
            """));
        Build(context);
        var du = store.Hoist("du");
        Assert.True(du.ExitCode == 0, du.Stderr);
        Assert.Matches(@"Build cache: \d+ entr", du.Stdout);

        var recent = store.Hoist("prune", "--filter", "until=24h");
        Assert.True(recent.ExitCode == 0, recent.Stderr);
        Assert.Equal("CACHED", Outcome(Build(context).Stderr, "RUN echo pruned"));

        var prune = store.Hoist("prune");
        Assert.True(prune.ExitCode == 0, prune.Stderr);
        Assert.Contains("Build cache entries removed:", prune.Stdout);
        Assert.Equal("DONE", Outcome(Build(context).Stderr, "RUN echo pruned"));
    }
}
