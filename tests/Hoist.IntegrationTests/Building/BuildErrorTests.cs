using System.Text.RegularExpressions;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// Build errors as BuildKit shows them (issue 15 item 7): the Dockerfile line with a snippet (<c>Dockerfile:N</c>, the
/// lines around it, <c>&gt;&gt;&gt;</c> on the failing one); references resolvable up front fail before any step;
/// a failed step's whole log stays available however little the progress view showed.
/// </summary>
public sealed partial class BuildErrorTests(BuildStore store) : IClassFixture<BuildStore>
{
    [RootFact]
    public void A_COPY_from_typo_fails_before_any_step_with_a_snippet_and_the_nearest_stage()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest AS build\nRUN echo built > /out\n\nFROM scratch\nCOPY --from=biuld /out /out\nCMD [\"x\"]\n"));

        var build = store.Hoist("build", "--progress", "plain", context);

        Assert.Equal(1, build.ExitCode);
        Assert.Contains("Dockerfile:5\n--------------------\n", build.Stderr, StringComparison.Ordinal);
        Assert.Contains("   4 |     FROM scratch\n   5 | >>> COPY --from=biuld /out /out\n   6 |     CMD [\"x\"]\n", build.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: Dockerfile:5: --from=biuld names no stage", build.Stderr, StringComparison.Ordinal);
        Assert.Contains("(did you mean build?)", build.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("] RUN echo built", build.Stderr, StringComparison.Ordinal);
    }

    [RootFact]
    public void A_base_image_that_cannot_be_found_fails_before_any_stage_builds_naming_its_line()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest AS build\nRUN echo built > /out\n\nFROM 127.0.0.1:1/missing:1\nCOPY --from=build /out /out\n"));

        var build = store.Hoist("build", "--progress", "plain", context);

        Assert.Equal(1, build.ExitCode);
        Assert.Contains("   4 | >>> FROM 127.0.0.1:1/missing:1\n", build.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: Dockerfile:4: image \"127.0.0.1:1/missing:1\" is not in the store and could not be pulled", build.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("] RUN echo built", build.Stderr, StringComparison.Ordinal);
    }

    [RootFact]
    public void A_failed_step_names_a_file_with_its_whole_log_and_shows_the_snippet()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nRUN for i in $(seq 1 60); do echo test-$i; done; echo FAIL: TestTheFirstOne; exit 3\n"));

        var build = store.Hoist("build", "--progress", "tty", context);

        Assert.Equal(1, build.ExitCode);
        var log = LogPath().Match(build.Stderr);
        Assert.True(log.Success, build.Stderr);
        // In the state dir, never /tmp: a step's output may hold what it should not.
        Assert.StartsWith(Path.Combine(store.Root, "logs") + "/", log.Groups[1].Value);
        try
        {
            var lines = File.ReadAllLines(log.Groups[1].Value);
            Assert.Equal("test-1", lines[0]);
            Assert.Contains("FAIL: TestTheFirstOne", lines);
            Assert.Equal(61, lines.Length);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(log.Groups[1].Value)!, recursive: true);
        }
        Assert.Contains("   2 | >>> RUN for i in", build.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"full log of step #\d+: (\S+)")]
    private static partial Regex LogPath();
}
