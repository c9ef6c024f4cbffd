using Hoist.Cli;

namespace Hoist.Tests.Cli;

public sealed class ImportChangesTests
{
    [Fact]
    public void NoChangesMeansNoConfig() => Assert.Null(ImportChanges.Apply([]));

    [Fact]
    public void ExecAndShellFormCommands()
    {
        Assert.Equal(["sh"], ImportChanges.Apply(["CMD [\"sh\"]"])!.Cmd);
        Assert.Equal(["/bin/sh", "-c", "echo hi"], ImportChanges.Apply(["CMD echo hi"])!.Cmd);
        Assert.Equal(["/entry", "--flag"], ImportChanges.Apply(["ENTRYPOINT [\"/entry\", \"--flag\"]"])!.Entrypoint);
    }

    [Fact]
    public void EntrypointDropsACmdOnlyWhenCmdWasNotSetBeforeIt()
    {
        var kept = ImportChanges.Apply(["CMD [\"a\"]", "ENTRYPOINT [\"e\"]"])!;
        Assert.Equal(["a"], kept.Cmd);
        var later = ImportChanges.Apply(["ENTRYPOINT [\"e\"]", "CMD [\"b\"]"])!;
        Assert.Equal(["e"], later.Entrypoint);
        Assert.Equal(["b"], later.Cmd);
    }

    [Fact]
    public void EnvLabelExposeUserWorkdirVolumeStopsignal()
    {
        var config = ImportChanges.Apply([
            "ENV A=1 B=two",
            "ENV C=$A-x",
            "ENV A=3",
            "LABEL org.example.team=\"core team\" version=1",
            "EXPOSE 80 53/UDP",
            "EXPOSE 80/tcp",
            "USER nobody:nogroup",
            "WORKDIR /app",
            "WORKDIR sub",
            "VOLUME [\"/data\"]",
            "STOPSIGNAL SIGTERM",
        ])!;
        Assert.Equal(["A=3", "B=two", "C=1-x"], config.Env);
        Assert.Equal("core team", config.Labels!["org.example.team"]);
        Assert.Equal("1", config.Labels["version"]);
        Assert.Equal(["53/udp", "80/tcp"], config.ExposedPorts);
        Assert.Equal("nobody:nogroup", config.User);
        Assert.Equal("/app/sub", config.WorkingDir);
        Assert.Equal(["/data"], config.Volumes);
        Assert.Equal("SIGTERM", config.StopSignal);
    }

    [Theory]
    [InlineData("RUN echo hi", "RUN is not allowed")]
    [InlineData("FROM busybox", "FROM is not allowed")]
    [InlineData("CMD [\"sh\"]\nCMD [\"x\"]", "expected one instruction")]
    public void OtherInstructionsAreRefused(string change, string message)
    {
        var e = Assert.Throws<HoistException>(() => ImportChanges.Apply([change]));
        Assert.Contains(message, e.Message);
    }
}
