namespace Hoist.IntegrationTests.Building;

/// <summary>The checks around a real <c>hoist build</c> (runc, the busybox fixture): warnings listed at the end as buildx lists them, and failures before any step runs.</summary>
public sealed class BuildCheckTests(BuildStore store) : IClassFixture<BuildStore>
{
    [RootFact]
    public void A_build_lists_its_warnings_at_the_end()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nENV KEY value\nCMD echo hi\n"));
        var build = store.Hoist("build", "--progress", "plain", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        var tail = build.Stderr[build.Stderr.LastIndexOf("warnings found", StringComparison.Ordinal)..];
        Assert.Contains(" 4 warnings found (use hoist check to expand):\n", build.Stderr);
        Assert.Contains(" - LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 2)\n", tail);
        Assert.Contains(" - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 3)\n", tail);
        Assert.Contains(" - HoistUnpinnedBaseImage: ", tail);
    }

    [RootFact]
    public void A_from_typo_fails_the_build_before_any_stage_runs()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest AS build\nRUN echo compiling > /out\nFROM hoist-fixtures/busybox:latest\nCOPY --from=buidl /out /out\n"));
        var build = store.Hoist("build", "--progress", "plain", context);
        Assert.Equal(1, build.ExitCode);
        Assert.Contains("error: Dockerfile:4: --from=buidl names no stage; it would be pulled as the image buidl:latest (did you mean build?)", build.Stderr);
        Assert.DoesNotContain("] RUN echo compiling", build.Stderr); // no step; the snippet shows the line
    }

    /// <summary>BuildKit's testWarningsBeforeError: the warnings of the lines before a Dockerfile error, then the error.</summary>
    [RootFact]
    public void A_dockerfile_error_comes_after_the_warnings_found_before_it()
    {
        var context = store.NewContext(("Dockerfile", "\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n"));
        var build = store.Hoist("build", "--progress", "plain", context);
        Assert.Equal(1, build.ExitCode);
        var warnings = build.Stderr.IndexOf(" 2 warnings found (use hoist check to expand):\n", StringComparison.Ordinal);
        Assert.True(warnings >= 0, build.Stderr);
        Assert.Contains(" - StageNameCasing: Stage name 'BadStageName' should be lowercase (line 2)\n", build.Stderr);
        Assert.Contains(" - MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 3)\n", build.Stderr);
        Assert.True(build.Stderr.IndexOf("error: Dockerfile:4: unknown instruction \"BADCMD\"", StringComparison.Ordinal) > warnings, build.Stderr);
    }

    [RootFact]
    public void Error_true_fails_the_build_before_any_step_runs()
    {
        var context = store.NewContext(("Dockerfile", "# check=error=true\nFROM hoist-fixtures/busybox:latest\nRUN echo running\nCMD echo hi\n"));
        var build = store.Hoist("build", "--progress", "plain", context);
        Assert.Equal(1, build.ExitCode);
        Assert.Contains("error: lint violation found for rules: JSONArgsRecommended\n", build.Stderr);
        Assert.DoesNotContain("RUN echo running", build.Stderr);
    }

    [RootFact]
    public void The_latest_tag_mistake_example_builds_and_warns()
    {
        var build = store.Hoist("build", "--progress", "plain", Path.Combine(HoistProcess.RepositoryRoot, "examples", "mistakes", "latest-tag"));
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains(" - HoistUnpinnedBaseImage: Image hoist-fixtures/busybox:latest is tagged latest", build.Stderr);
    }
}
