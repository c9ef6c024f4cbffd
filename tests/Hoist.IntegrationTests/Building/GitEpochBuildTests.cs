using Hoist.Content;
using Hoist.Oci;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// Issue 13 item 2 end to end: with no SOURCE_DATE_EPOCH, a context inside a git checkout takes HEAD's commit time,
/// so two clones made at different times build the same image from separate state directories;
/// <c>--source-date-epoch none</c> restores the wall clock and the summary says so.
/// </summary>
public sealed class GitEpochBuildTests
{
    private const long CommitTime = 1_650_000_000;

    [RootFact]
    public async Task Two_clones_made_apart_build_the_same_image_at_the_commit_time()
    {
        using var repository = new GitRepository(CommitTime, ("Dockerfile", EpochBuild.Dockerfile), ("message.txt", "hello\n"));
        var one = repository.Clone("one");
        await Task.Delay(1100);
        var two = repository.Clone("two");
        using var first = new BuildStore();
        using var second = new BuildStore();

        var (idOne, manifestOne, summary) = await BuildAsync(first, one);
        var (idTwo, manifestTwo, _) = await BuildAsync(second, two);

        Assert.Equal(idOne, idTwo);
        Assert.Equal(manifestOne, manifestTwo);
        var image = await ContentStore.Open(first.Root).LoadImageAsync(manifestOne);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(CommitTime), image.Config.Config.Created);
        Assert.Contains($"epoch    {CommitTime} (2022-04-15T05:20:00Z, the context's git HEAD commit time)", summary);
    }

    [RootFact]
    public async Task Source_date_epoch_none_builds_at_the_wall_clock_and_says_the_image_is_not_reproducible()
    {
        using var repository = new GitRepository(CommitTime, ("Dockerfile", EpochBuild.Dockerfile), ("message.txt", "hello\n"));
        using var store = new BuildStore();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (_, manifest, summary) = await BuildAsync(store, repository.Origin, "--source-date-epoch", "none");

        var image = await ContentStore.Open(store.Root).LoadImageAsync(manifest);
        Assert.True(image.Config.Config.Created >= before, $"created {image.Config.Config.Created}");
        Assert.Contains("epoch    none: the image is not reproducible", summary);
    }

    [RootFact]
    public async Task A_number_is_the_epoch_and_a_build_arg_still_wins()
    {
        using var repository = new GitRepository(CommitTime, ("Dockerfile", EpochBuild.Dockerfile), ("message.txt", "hello\n"));
        using var store = new BuildStore();

        var (_, fromOption, _) = await BuildAsync(store, repository.Origin, "--source-date-epoch", "1600000000");
        var (_, fromArg, _) = await BuildAsync(store, repository.Origin, "--source-date-epoch", "1600000000", "--build-arg", "SOURCE_DATE_EPOCH=1500000000");

        var content = ContentStore.Open(store.Root);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), (await content.LoadImageAsync(fromOption)).Config.Config.Created);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_500_000_000), (await content.LoadImageAsync(fromArg)).Config.Config.Created);
        var bad = store.Hoist("build", "--source-date-epoch", "later", repository.Origin);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Equal("error: --source-date-epoch: expected context, none or a number of seconds (got \"later\")", bad.Stderr.Trim());
    }

    private static Task<(Digest Id, Digest Manifest, string Summary)> BuildAsync(BuildStore store, string context, params string[] extra) =>
        EpochBuild.RunAsync(store, context, "test/git-epoch:1", ["--no-cache", .. extra]);
}
