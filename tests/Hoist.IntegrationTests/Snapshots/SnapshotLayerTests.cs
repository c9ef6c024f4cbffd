using Hoist.Content;
using Hoist.IntegrationTests.Building;
using Hoist.IntegrationTests.Registry;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Snapshots;

/// <summary>
/// Layers a build keeps only as snapshots (no blob until an export needs one): the image runs, is built on, is analyzed,
/// is saved (the blobs made then, the image ID unchanged), pushed and pulled back identical; a kill while the blobs are
/// being made leaves a store that still runs and exports the image, and so does a kill while a long RUN is writing.
/// </summary>
public sealed class SnapshotLayerTests(AnonymousRegistryFixture registry) : IClassFixture<AnonymousRegistryFixture>
{
    private const string Uncompressed = "application/vnd.oci.image.layer.v1.tar";

    [RootFact]
    public void An_image_kept_as_snapshots_runs_is_built_on_saved_pushed_and_pulled_back_identical()
    {
        using var store = new BuildStore();
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            COPY app.txt /app/
            RUN echo built > /app/built.txt && rm /bin/vi
            """), ("app.txt", "from the context\n"));
        var (_, id) = PlainBuild.Run(store, context, "-t", "snap/app");
        var built = Layers(store, "snap/app").Skip(1).ToList();
        Assert.Equal(2, built.Count);
        Assert.All(built, l => Assert.Equal(Uncompressed, l.MediaType));
        Assert.All(built, l => Assert.False(File.Exists(BlobPath(store, l.Digest)), $"{l.Digest} has a blob"));

        Assert.Equal("from the context\nbuilt\n", Ok(store.Hoist("run", "snap/app", "cat", "/app/app.txt", "/app/built.txt")).Stdout);
        var child = store.NewContext(("Dockerfile", "FROM snap/app\nRUN cat /app/built.txt > /app/again.txt; test ! -e /bin/vi\n"));
        PlainBuild.Run(store, child, "-t", "snap/child");
        Assert.Equal("built\n", Ok(store.Hoist("run", "snap/child", "cat", "/app/again.txt")).Stdout);
        Assert.Contains("app/built.txt", Ok(store.Hoist("analyze", "--format", "json", "snap/app")).Stdout);

        var archive = Path.Combine(context, "..", $"{Guid.NewGuid():N}.tar");
        Ok(store.Hoist("save", "--format", "oci", "-o", archive, "snap/app"));
        var saved = Layers(store, "snap/app").Skip(1).ToList();
        Assert.All(saved, l => Assert.EndsWith("+gzip", l.MediaType, StringComparison.Ordinal));
        Assert.All(saved, l => Assert.True(File.Exists(BlobPath(store, l.Digest)), $"{l.Digest} has no blob"));
        Assert.Equal(id, ImageId(store, "snap/app"));

        var remote = $"{registry.Server.Host}/snap/app:1";
        Ok(store.Hoist("tag", "snap/app", remote));
        var pushed = Ok(store.Hoist("push", remote)).Stdout;
        using var elsewhere = BuildStore.Empty();
        Ok(elsewhere.Hoist("pull", "-q", remote));
        Assert.Equal(id, ImageId(elsewhere, remote));
        Assert.Contains($"digest: {ManifestDigest(elsewhere, remote)} ", pushed);
        Assert.Equal(saved.Select(l => l.Digest), Layers(elsewhere, remote).Skip(1).Select(l => l.Digest));
        Assert.Equal("from the context\nbuilt\n", Ok(elsewhere.Hoist("run", remote, "cat", "/app/app.txt", "/app/built.txt")).Stdout);
    }

    [RootFact]
    public void A_kill_while_compressing_leaves_a_store_that_still_runs_and_exports_the_image()
    {
        using var store = new BuildStore();
        var context = BigFileContext(store, 120_000_000);
        var (_, id) = PlainBuild.Run(store, context, "-t", "snap/big");
        var archive = Path.Combine(context, "..", $"{Guid.NewGuid():N}.tar");
        KillWhileCompressing(store, ["save", "-o", archive, "snap/big"]);

        Assert.False(File.Exists(archive));
        Assert.Equal(Uncompressed, Layers(store, "snap/big")[^1].MediaType);
        Assert.Equal("/big: OK\n", Ok(store.Hoist("run", "snap/big", "md5sum", "-c", "/big.md5")).Stdout);
        Ok(store.Hoist("save", "-o", archive, "snap/big"));
        Assert.EndsWith("+gzip", Layers(store, "snap/big")[^1].MediaType, StringComparison.Ordinal);
        Assert.Equal(id, ImageId(store, "snap/big"));
        Assert.Equal("/big: OK\n", Ok(store.Hoist("run", "snap/big", "md5sum", "-c", "/big.md5")).Stdout);
    }

    [RootFact]
    public void A_kill_while_a_long_run_writes_and_is_synced_leaves_a_store_that_builds_it_again()
    {
        using var store = new BuildStore();
        var context = BigFileContext(store, 400_000_000);
        KillWhileRunWrites(store, ["build", "--progress", "plain", "-t", "snap/long", context], 150_000_000);

        PlainBuild.Run(store, context, "-t", "snap/long");
        Assert.Equal("/big: OK\n", Ok(store.Hoist("run", "snap/long", "md5sum", "-c", "/big.md5")).Stdout);
        var runs = Path.Combine(store.Root, "snapshots", "runs");
        Assert.Empty(Directory.Exists(runs) ? Directory.EnumerateFileSystemEntries(runs) : []);
    }

    /// <summary>A context whose RUN writes <paramref name="bytes"/> of random data to /big and its checksum to /big.md5.</summary>
    private static string BigFileContext(BuildStore store, long bytes) => store.NewContext(("Dockerfile", $"""
        FROM hoist-fixtures/busybox:latest
        RUN head -c {bytes} /dev/urandom > /big && md5sum /big > /big.md5
        """));

    /// <summary>Starts <paramref name="args"/> and kills it (SIGKILL) once a RUN's upper directory holds a file of
    /// <paramref name="bytes"/> (the RUN has been writing for a while: its early syncs have begun).</summary>
    private static void KillWhileRunWrites(BuildStore store, string[] args, long bytes)
    {
        var runs = Path.Combine(store.Root, "snapshots", "runs");
        // snapshots/runs/<the process's scratch space>/<the RUN's snapshot>/upper
        KillOnce(store, args, () => Directory.Exists(runs) && Directory.EnumerateDirectories(runs).SelectMany(Directory.EnumerateDirectories)
            .Any(d => Length(Path.Combine(d, "upper", "big")) >= bytes), "make the file bigger", "the RUN wrote nothing");
    }

    private static long Length(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0; // not there (yet, or any more)
        }
    }

    /// <summary>Starts <paramref name="args"/> and kills it (SIGKILL) once a blob is being written into the store.</summary>
    private static void KillWhileCompressing(BuildStore store, string[] args)
    {
        var ingest = Path.Combine(store.Root, "ingest");
        KillOnce(store, args, () => Directory.EnumerateFiles(ingest, "*.tmp").Any(f => new FileInfo(f).Length > 0),
            "make the layer bigger", "no blob was written");
    }

    /// <summary>Starts hoist with <paramref name="args"/> and kills it (SIGKILL) as soon as <paramref name="ready"/>; fails with
    /// <paramref name="finishedFirst"/> when it ends before, with <paramref name="never"/> after two minutes.</summary>
    private static void KillOnce(BuildStore store, string[] args, Func<bool> ready, string finishedFirst, string never)
    {
        using var hoist = HoistProcess.Start(["--root", store.Root, .. args]);
        _ = hoist.StandardOutput.ReadToEndAsync();
        _ = hoist.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!ready())
        {
            Assert.False(hoist.HasExited, $"hoist finished before it was killed: {finishedFirst}");
            Assert.True(DateTime.UtcNow < deadline, never);
            Thread.Yield();
        }
        hoist.Kill();
        hoist.WaitForExit();
    }

    private static HoistProcess.Result Ok(HoistProcess.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result;
    }

    private static string BlobPath(BuildStore store, Digest digest) => ContentStore.Open(store.Root).BlobPath(digest);

    private static IReadOnlyList<Descriptor> Layers(BuildStore store, string image) =>
        ContentStore.Open(store.Root).ResolveImageAsync(image).GetAwaiter().GetResult().Manifest.Manifest.Layers;

    private static string ImageId(BuildStore store, string image) =>
        ContentStore.Open(store.Root).ResolveImageAsync(image).GetAwaiter().GetResult().Id.ToString();

    private static Digest ManifestDigest(BuildStore store, string image) =>
        ContentStore.Open(store.Root).ResolveImageAsync(image).GetAwaiter().GetResult().Manifest.Digest;
}
