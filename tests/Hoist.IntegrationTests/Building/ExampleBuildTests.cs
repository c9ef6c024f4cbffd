using System.Diagnostics;
using Hoist.Content;
using Xunit.Abstractions;

namespace Hoist.IntegrationTests.Building;

/// <summary>The examples/c-to-scratch example built with the debian-gcc fixture, and recovery from a killed build.</summary>
public sealed class ExampleBuildTests(BuildStore store, ITestOutputHelper log) : IClassFixture<BuildStore>
{
    [RootFact]
    public async Task The_c_to_scratch_example_builds_and_runs()
    {
        var gcc = Path.Combine(FixtureImages.CacheDirectory(gcc: true), "debian-gcc-rootfs.tar");
        await FixtureImages.ImportAsync(ContentStore.Open(store.Root), gcc, FixtureImages.DebianGcc);
        var example = Path.Combine(HoistProcess.RepositoryRoot, "examples", "c-to-scratch");
        var build = store.Hoist("build", "-t", "c-to-scratch", example);
        log.WriteLine(build.Stderr);
        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Contains("% smaller", build.Stderr);
        var run = store.Hoist("run", "c-to-scratch");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("hello from a scratch image built by hoist\n", run.Stdout);
    }

    [RootFact]
    public void A_build_killed_mid_run_leaves_no_mount_and_the_next_build_succeeds()
    {
        var context = store.NewContext(("Dockerfile", """
            FROM hoist-fixtures/busybox:latest
            RUN echo started && sleep 60
            """));
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Hoist.Cli.dll"), "--root", store.Root, "build", "--progress", "plain", context })
        {
            psi.ArgumentList.Add(arg);
        }
        using (var process = Process.Start(psi)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            while (process.StandardError.ReadLine() is { } line && !line.Contains("started", StringComparison.Ordinal)) { }
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }
        var next = store.Hoist("build", store.NewContext(("Dockerfile", "FROM hoist-fixtures/busybox:latest\nRUN echo again\n")));
        Assert.True(next.ExitCode == 0, next.Stderr);
        var ours = File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(store.Root, StringComparison.Ordinal));
        Assert.Empty(ours);
    }
}
