namespace Hoist.IntegrationTests.Frontend;

/// <summary>
/// The frontend as a user meets it: the shipped binary reading real Dockerfiles from disk or stdin, with one-line
/// errors that name file and line, a non-zero exit and no stack trace.
/// </summary>
public sealed class OutlineProcessTests
{
    private static string Example(string name) => Path.Combine(HoistProcess.RepositoryRoot, "examples", name);

    [Fact]
    public void Target_test_keeps_build_and_test_and_skips_runtime()
    {
        var result = HoistProcess.Run(["outline", Example("build-test-runtime"), "--target", "test", "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var stages = json.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString() ?? "").ToArray();
        Assert.Equal(new[] { "build", "test" }, stages);
    }

    [Fact]
    public void The_default_target_builds_runtime_from_build_and_never_test()
    {
        var result = HoistProcess.Run(["outline", Example("build-test-runtime")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("runtime (target)", result.Stdout);
        Assert.Contains("build (COPY --from, line", result.Stdout);
        Assert.Contains("skipped (not needed by runtime): test", result.Stdout);
    }

    [Fact]
    public void Targets_lists_every_stage_and_marks_the_default()
    {
        var result = HoistProcess.Run(["targets", Example("build-test-runtime")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("build", result.Stdout);
        Assert.Contains("test", result.Stdout);
        Assert.Contains("runtime (default)", result.Stdout);
    }

    [Theory]
    [InlineData("FROM busybox\nRUNN echo hi\n", "Dockerfile:2: unknown instruction: RUNN (did you mean RUN?)")]
    [InlineData("FROM busybox\nCOPY --form=build /a /b\n", "Dockerfile:2: unknown flag: --form for COPY")]
    [InlineData("FROM busybox AS a\nFROM busybox AS A\n", "Dockerfile:2:")]
    [InlineData("RUN echo before from\n", "Dockerfile:1:")]
    public void A_bad_Dockerfile_on_stdin_fails_with_one_line_naming_the_line(string dockerfile, string expected)
    {
        var result = HoistProcess.Run(["outline", "-f", "-"], stdin: dockerfile);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void An_unknown_target_lists_the_stages()
    {
        var result = HoistProcess.Run(["outline", Example("build-test-runtime"), "--target", "nope"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nope", result.Stderr);
        Assert.Contains("build, test, runtime", result.Stderr);
    }

    [Fact]
    public void A_missing_Dockerfile_is_a_clear_error()
    {
        var result = HoistProcess.Run(["outline", "-f", "/nonexistent/Dockerfile"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/nonexistent/Dockerfile", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
