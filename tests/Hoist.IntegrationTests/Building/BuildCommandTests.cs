using System.Text.Json;

namespace Hoist.IntegrationTests.Building;

/// <summary>`hoist build` and `hoist run` end to end: real runc, overlayfs and a store with the busybox fixture.</summary>
public sealed class BuildCommandTests(BuildStore store) : IClassFixture<BuildStore>
{
    private static JsonElement Config(BuildStore store, string image)
    {
        var inspect = store.Hoist("inspect", image);
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        return JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("Config");
    }

    [RootFact]
    public void An_id_or_metadata_file_that_cannot_be_written_is_a_one_line_error()
    {
        var context = store.NewContext(("Dockerfile", "FROM scratch\nCOPY a.txt /\n"), ("a.txt", "a\n"));
        foreach (var flag in new[] { "--iidfile", "--metadata-file" })
        {
            foreach (var path in new[] { Path.Combine(context, "missing", "out"), context })
            {
                var build = store.Hoist("build", flag, path, context);
                Assert.Equal(1, build.ExitCode);
                Assert.DoesNotContain("   at ", build.Stderr, StringComparison.Ordinal);
                Assert.Contains("error: ", build.Stderr, StringComparison.Ordinal);
                Assert.Contains(path == context ? "is a directory" : "cannot write", build.Stderr, StringComparison.Ordinal);
            }
        }
    }

    [RootFact]
    public void A_multi_stage_build_sets_config_and_files_as_buildkit_does()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS build
            ENV GREETING=hello
            WORKDIR /work
            COPY message.txt .
            RUN echo "$GREETING from $(pwd)" > out.txt && cat message.txt >> out.txt
            USER nonroot
            RUN id -u > /tmp/uid.txt

            FROM hoist-fixtures/busybox:latest
            COPY --from=build /work/out.txt /tmp/uid.txt /result/
            ENV MODE=final
            WORKDIR /result
            USER nonroot
            CMD ["cat", "out.txt", "uid.txt"]
            """), ("message.txt", "copied\n"));
        var build = store.Hoist("build", "-t", "test/multi:1", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains("[build 4/5] RUN echo", build.Stderr); // BuildKit numbers FROM, WORKDIR, COPY, RUN only

        var config = Config(store, "test/multi:1");
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "MODE=final"],
            config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/result", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("nonroot", config.GetProperty("User").GetString());

        var run = store.Hoist("run", "test/multi:1");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("hello from /work\ncopied\n65532\n", run.Stdout);
    }

    [RootFact]
    public void Scratch_plus_copy_from_holds_only_the_copied_file()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS build
            RUN mkdir /out && echo built > /out/hello.txt

            FROM scratch
            COPY --from=build /out/hello.txt /hello.txt
            COPY --from=build /bin/busybox /bin/busybox
            CMD ["/bin/busybox", "cat", "/hello.txt"]
            """));
        var build = store.Hoist("build", "-t", "test/scratch", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains("% smaller", build.Stderr);
        var config = Config(store, "test/scratch");
        Assert.Equal("/", config.GetProperty("WorkingDir").GetString());
        var run = store.Hoist("run", "test/scratch");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("built\n", run.Stdout);
        var inspect = JsonDocument.Parse(store.Hoist("inspect", "test/scratch").Stdout).RootElement[0];
        Assert.Equal(2, inspect.GetProperty("RootFS").GetProperty("Layers").GetArrayLength());
        var listing = store.Hoist("run", "test/scratch", "/bin/busybox", "ls", "/");
        Assert.Contains("hello.txt", listing.Stdout.Split('\n'));
    }

    [RootFact]
    public void Target_builds_only_the_stages_it_needs()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS broken
            RUN false

            FROM hoist-fixtures/busybox:latest AS wanted
            RUN echo wanted > /w.txt

            FROM scratch
            COPY --from=broken / /
            """));
        var build = store.Hoist("build", "--target", "wanted", "-t", "test/target", context);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.DoesNotContain("RUN false", build.Stderr);
        Assert.Equal("wanted\n", store.Hoist("run", "test/target", "cat", "/w.txt").Stdout);
    }

    [RootFact]
    public void A_failing_run_reports_the_step_command_and_last_output()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest AS build
            RUN echo before
            RUN echo first line && echo "the last words" && exit 3
            """));
        var build = store.Hoist("build", context);
        Assert.Equal(1, build.ExitCode);
        Assert.Contains("[build 3/3] RUN echo first line", build.Stderr);
        Assert.Contains("exit code: 3", build.Stderr);
        Assert.Contains(" > the last words", build.Stderr);
        Assert.Contains("Dockerfile:3", build.Stderr);
    }
}
