namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>COPY --parents</c> as Dockerfile 1.20 defines it (BuildKit v0.25's built-in frontend still refuses it: conformance
/// case 112): the source's parent directories are kept under the destination, <c>/./</c> pivots so only what follows
/// it is kept, <c>**</c> matches any depth, and <c>--from</c> works the same way.
/// </summary>
public sealed class CopyParentsTests(BuildStore store) : IClassFixture<BuildStore>
{
    [RootFact]
    public void Parents_pivot_double_star_and_from_keep_the_source_paths()
    {
        var context = store.NewContext(
            ("a/b/c/f.txt", "f\n"), ("a/top.txt", "t\n"), ("a/b/skip.md", "s\n"), ("x/y/g.txt", "g\n"),
            ("Dockerfile", $"""
                # syntax=docker/dockerfile:1.7-labs
                FROM {FixtureImages.Busybox} AS files
                COPY x /src/x
                FROM {FixtureImages.Busybox}
                COPY --parents ./a/./b/c /pivot/
                COPY --parents a/**/*.txt /glob/
                COPY --parents --from=files /src/./x/y/g.txt /staged/
                """));
        var build = store.Hoist("build", "--progress", "plain", "-t", "test/copy-parents", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains("syntax docker/dockerfile:1.7-labs requested; using Hoist's built-in frontend", build.Stderr);

        var run = store.Hoist("run", "test/copy-parents", "sh", "-c", "cd / && find pivot glob staged -type f | sort");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("glob/a/b/c/f.txt\nglob/a/top.txt\npivot/b/c/f.txt\nstaged/x/y/g.txt\n", run.Stdout);
    }
}
