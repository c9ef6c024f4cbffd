namespace Hoist.IntegrationTests.Execution;

/// <summary>The <c>hoist run-rootfs</c> command end to end, as a user would call it.</summary>
public sealed class RunRootfsCommandTests : IClassFixture<BusyboxRootfs>
{
    private readonly BusyboxRootfs _busybox;

    public RunRootfsCommandTests(BusyboxRootfs busybox)
    {
        _busybox = busybox;
    }

    [RootFact]
    public void Runs_a_command_over_layers_and_returns_its_exit_code()
    {
        var result = HoistProcess.Run(["run-rootfs", "--layer", _busybox.LowerPath, "--user", "nonroot", "--workdir", "/work",
            "--", "sh", "-c", "id -u; pwd; echo problem >&2; exit 5"]);

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("65532\n/work\n", result.Stdout);
        Assert.Equal("problem\n", result.Stderr);
    }

    [RootFact]
    public void Keeps_the_upper_directory_when_asked()
    {
        var keep = Path.Combine(_busybox.NewDirectory("keep"), "changes");

        var result = HoistProcess.Run(["run-rootfs", "--layer", _busybox.LowerPath, "--keep", keep, "--", "sh", "-c", "echo made > /made"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("made\n", File.ReadAllText(Path.Combine(keep, "upper", "made")));
    }

    [RootFact]
    public void Copy_snapshots_keep_the_root_and_its_pristine_view()
    {
        var keep = Path.Combine(_busybox.NewDirectory("keep"), "changes");

        var result = HoistProcess.Run(["run-rootfs", "--layer", _busybox.LowerPath, "--snapshotter", "copy", "--keep", keep,
            "--", "rm", "/bin/ls"]);

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(keep, "rootfs", "bin", "ls")) || Directory.Exists(Path.Combine(keep, "rootfs", "bin", "ls")));
        Assert.NotNull(new FileInfo(Path.Combine(keep, "pristine", "bin", "ls")).LinkTarget);
    }
}
