using System.Text.Json.Nodes;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// Issue 16: SOURCE_DATE_EPOCH is applied when the image is assembled, after the cache, as BuildKit's rewrite-timestamp.
/// With the git default a new commit is a new epoch; one that changes nothing the build reads reruns no step, and the
/// image is the one a build without the cache makes at that commit: only created times and mtimes differ from the last.
/// </summary>
public sealed class EpochCacheBuildTests
{
    private const long FirstCommit = 1_650_000_000;

    [RootFact]
    public async Task A_commit_that_changes_nothing_the_build_reads_hits_every_step_and_gives_the_cold_builds_image()
    {
        using var repository = new GitRepository(FirstCommit, ("Dockerfile", EpochBuild.Dockerfile), ("message.txt", "hello\n"), ("README", "one\n"));
        using var store = new BuildStore();
        // Layers keep whole seconds: a context file saved in the second a COPY starts cannot be told from what the COPY
        // writes (docs/reproducible.md, limits), so the checkout is a second older than the first build.
        await WaitForNextSecondAsync();
        var (firstId, _, _) = await EpochBuild.RunAsync(store, repository.Origin, "t/epoch:1");
        // Committed after the first build ran: every time that build wrote is older than this epoch.
        var secondCommit = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60;
        repository.Commit(secondCommit, ("README", "two\n"));

        var (warmId, warmManifest, warmLog) = await EpochBuild.RunAsync(store, repository.Origin, "t/epoch:2");
        using var cold = new BuildStore();
        // The same checkout: a fresh clone's files would be newer than this epoch, so their mtimes would become it.
        var (coldId, coldManifest, _) = await EpochBuild.RunAsync(cold, repository.Origin, "t/epoch:2", "--no-cache");

        Assert.Equal(3, warmLog.Split('\n').Count(l => l.EndsWith(" CACHED", StringComparison.Ordinal)));
        Assert.DoesNotContain(" MISS", warmLog);
        Assert.NotEqual(firstId, warmId);
        Assert.Equal(coldId, warmId);
        Assert.Equal(coldManifest, warmManifest);
        var diff = JsonNode.Parse(store.Hoist("diff", "--format", "json", "t/epoch:1", "t/epoch:2").Stdout)!;
        Assert.All(diff["config"]!.AsArray(), f => Assert.EndsWith("created", f!["path"]!.GetValue<string>()));
        var fields = diff["layers"]!.AsArray().SelectMany(l => l!["files"]!.AsArray()).SelectMany(f => f!["fields"]!.AsArray()).ToList();
        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.Equal("mtime", f!["path"]!.GetValue<string>()));
        var image = await ContentStore.Open(store.Root).LoadImageAsync(warmManifest);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(secondCommit), image.Config.Config.Created);
    }

    [RootFact]
    public async Task A_rebuild_at_the_same_commit_writes_nothing_and_none_shares_the_steps()
    {
        using var repository = new GitRepository(FirstCommit, ("Dockerfile", EpochBuild.Dockerfile), ("message.txt", "hello\n"));
        using var store = new BuildStore();
        var (firstId, _, _) = await EpochBuild.RunAsync(store, repository.Origin, "t/epoch:1");
        var blobs = Directory.EnumerateFiles(Path.Combine(store.Root, "blobs"), "*", SearchOption.AllDirectories).Count();

        var (againId, _, againLog) = await EpochBuild.RunAsync(store, repository.Origin, "t/epoch:1");
        var blobsAfter = Directory.EnumerateFiles(Path.Combine(store.Root, "blobs"), "*", SearchOption.AllDirectories).Count();
        var (_, _, noneLog) = await EpochBuild.RunAsync(store, repository.Origin, "t/epoch:none", "--source-date-epoch", "none");

        Assert.Equal(firstId, againId);
        Assert.Equal(3, againLog.Split('\n').Count(l => l.EndsWith(" CACHED", StringComparison.Ordinal)));
        Assert.Equal(blobs, blobsAfter);
        Assert.Equal(3, noneLog.Split('\n').Count(l => l.EndsWith(" CACHED", StringComparison.Ordinal)));
    }

    private static Task WaitForNextSecondAsync() => Task.Delay(TimeSpan.FromMilliseconds(1_050 - DateTime.UtcNow.Millisecond));
}
