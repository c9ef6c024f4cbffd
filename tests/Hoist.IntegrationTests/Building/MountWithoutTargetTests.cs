namespace Hoist.IntegrationTests.Building;

/// <summary>
/// RUN mounts without <c>target=</c>, as six Dockerfiles from Docker's own repositories write them (issue 15 item 8):
/// BuildKit mounts them at the working directory, and a cache's default id follows the written target.
/// </summary>
public sealed class MountWithoutTargetTests(BuildStore store) : IClassFixture<BuildStore>
{
    [RootFact]
    public void Bind_and_cache_mounts_without_a_target_are_at_the_working_directory()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            WORKDIR /src
            RUN --mount=type=bind cat go.mod > /bound.txt
            RUN --mount=type=cache echo cached > kept.txt
            WORKDIR /other
            RUN --mount=type=cache cat kept.txt > /from-cache.txt && ls /src > /src-listing.txt
            """), ("go.mod", "module example\n"));
        var output = Directory.CreateTempSubdirectory("hoist-mount-target-").FullName;
        try
        {
            var build = store.Hoist("build", "--progress", "plain", "-o", $"type=local,dest={output}", context);

            Assert.True(build.ExitCode == 0, build.Stderr);
            Assert.Equal("module example\n", File.ReadAllText(Path.Combine(output, "bound.txt")));
            // Both caches have the id "." (path.Clean of an empty target), so the second RUN sees the first's file.
            Assert.Equal("cached\n", File.ReadAllText(Path.Combine(output, "from-cache.txt")));
            Assert.Equal("", File.ReadAllText(Path.Combine(output, "src-listing.txt")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [RootFact]
    public void A_mount_at_the_root_is_refused_before_the_step_runs()
    {
        var context = store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nRUN --mount=type=tmpfs echo never\n"));

        var build = store.Hoist("build", "--progress", "plain", context);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("Dockerfile:2: invalid mount target \"/\"", build.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("#2 0.", build.Stderr, StringComparison.Ordinal);
    }
}
