namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>--cache-to type=local,dest=DIR[,mounts=true]</c> and <c>--cache-from type=local,src=DIR</c>: the directory a CI
/// system saves and restores. A fresh state directory hits every step from it; with <c>mounts=true</c> a RUN that
/// misses still finds what the exporting machine left in its cache mount; an unchanged export rewrites no blob.
/// </summary>
public sealed class LocalCacheTests
{
    private const string Dockerfile = """
        FROM hoist-fixtures/busybox:latest
        RUN head -c 16 /dev/urandom | od -x > /random.txt
        RUN --mount=type=cache,target=/cache,id=tool sh -c '[ -f /cache/warm ] || head -c 16 /dev/urandom | od -x > /cache/warm; cp /cache/warm /seen'
        """;

    [RootFact]
    public void A_fresh_state_directory_hits_the_directory_cache_and_finds_the_cache_mount()
    {
        using var first = new BuildStore();
        var context = first.NewContext(("Dockerfile", Dockerfile));
        var cache = Path.Combine(context, "..", Path.GetFileName(context) + "-cache");
        var firstOut = Path.Combine(cache + "-out1");
        var (cold, image) = PlainBuild.Run(first, context, "--cache-to", $"type=local,dest={cache},mode=max,mounts=true", "-o", $"type=local,dest={firstOut}");
        Assert.DoesNotContain("CACHED", cold);
        Assert.True(File.Exists(Path.Combine(cache, "index.json")));
        var blobs = BlobTimes(cache);

        using var second = new BuildStore();
        var (warm, again) = PlainBuild.Run(second, context, "--cache-from", $"type=local,src={cache}");
        Assert.Equal(image, again);
        Assert.All(PlainBuild.Steps(warm), s => Assert.Equal("CACHED", PlainBuild.Outcome(warm, s)));

        // --no-cache runs both RUNs again: the first writes new random bytes, the second finds the exported cache mount.
        using var third = new BuildStore();
        var thirdOut = cache + "-out3";
        var (rerun, _) = PlainBuild.Run(third, context, "--cache-from", $"type=local,src={cache}", "--no-cache", "-o", $"type=local,dest={thirdOut}");
        Assert.Equal("DONE", PlainBuild.Outcome(rerun, "RUN --mount"));
        Assert.NotEqual(File.ReadAllText(Path.Combine(firstOut, "random.txt")), File.ReadAllText(Path.Combine(thirdOut, "random.txt")));
        Assert.Equal(File.ReadAllText(Path.Combine(firstOut, "seen")), File.ReadAllText(Path.Combine(thirdOut, "seen")));

        // The same build exported again: the same blobs, none written anew (content-addressed, the cache mount included).
        PlainBuild.Run(first, context, "--cache-to", $"type=local,dest={cache},mode=max,mounts=true");
        Assert.Equal(blobs, BlobTimes(cache));
    }

    /// <summary>
    /// The CI case the cache mounts are carried for: apt's download cache. The first machine downloads a package from
    /// Debian's registry into a cache mount on /var/cache/apt and exports it; a fresh machine that must run the RUN
    /// again (--no-cache) finds the .deb there before apt-get runs, and apt-get has nothing left to download.
    /// </summary>
    [RootFact]
    public void A_fresh_machine_finds_the_apt_packages_the_previous_one_downloaded()
    {
        const string aptDockerfile = """
            FROM test/debian:minbase
            RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
                (ls /var/cache/apt/archives/ | grep '\.deb$' || true) > /before.txt && \
                apt-get update -q && apt-get install -y -q --download-only hello
            """;
        using var first = new BuildStore();
        ImportDebian(first);
        var context = first.NewContext(("Dockerfile", aptDockerfile));
        var cache = Path.Combine(context, "..", Path.GetFileName(context) + "-apt-cache");
        var firstOut = cache + "-out1";
        var (cold, _) = PlainBuild.Run(first, context, "--cache-to", $"type=local,dest={cache},mounts=true", "-o", $"type=local,dest={firstOut}");
        Assert.Equal("", File.ReadAllText(Path.Combine(firstOut, "before.txt")));
        Assert.Matches(@"Get:\d+ http://deb\.debian\.org\S* bookworm/main amd64 hello ", cold);

        using var second = new BuildStore();
        ImportDebian(second);
        var secondOut = cache + "-out2";
        var (warm, _) = PlainBuild.Run(second, context, "--cache-from", $"type=local,src={cache}", "--no-cache", "-o", $"type=local,dest={secondOut}");
        Assert.Matches(@"^hello_.*\.deb$", File.ReadAllText(Path.Combine(secondOut, "before.txt")).Trim());
        Assert.DoesNotMatch(@"Get:\d+ \S+ bookworm/main amd64 hello ", warm);
    }

    private static void ImportDebian(BuildStore store)
    {
        var tar = Path.Combine(BusyboxRootfs.Run("bash", Path.Combine(HoistProcess.RepositoryRoot, "scripts", "fixtures.sh"), "--debian").Trim(),
            "debian-rootfs.tar");
        var import = store.Hoist("import", tar, "test/debian:minbase");
        Assert.True(import.ExitCode == 0, import.Stderr);
    }

    [RootFact]
    public void A_missing_cache_directory_only_warns()
    {
        using var store = new BuildStore();
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nRUN echo hi > /hi.txt\n"));
        var missing = Path.Combine(context, "no-such-cache");
        var (stderr, _) = PlainBuild.Run(store, context, "--cache-from", $"type=local,src={missing}");
        Assert.Contains($"WARNING: cache import: {missing} not found", stderr);
    }

    /// <summary>Each blob's name and modification time (a rewritten blob is a new file with a new time).</summary>
    private static Dictionary<string, DateTime> BlobTimes(string cache) =>
        Directory.EnumerateFiles(Path.Combine(cache, "blobs", "sha256")).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc);
}
