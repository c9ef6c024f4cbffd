using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Hoist.Dispatch;

namespace Hoist.Tests.Dispatch;

public sealed class RunCommandBuilderTests
{
    private static CommandLine Shell(string text) => new([text], IsShellForm: true);

    [Fact]
    public void Shell_form_runs_through_bin_sh_c_by_default()
    {
        var command = RunCommandBuilder.Build(Shell("echo $HOME && make"));

        Assert.Equal(["/bin/sh", "-c", "echo $HOME && make"], command.Args);
        Assert.Empty(command.Files);
    }

    [Fact]
    public void Shell_form_uses_the_stage_shell()
    {
        var command = RunCommandBuilder.Build(Shell("Write-Host hi"), ["pwsh", "-Command"]);

        Assert.Equal(["pwsh", "-Command", "Write-Host hi"], command.Args);
    }

    [Fact]
    public void Exec_form_runs_as_written()
    {
        var command = RunCommandBuilder.Build(new CommandLine(["/usr/bin/env", "A=1", "printenv"], false), ["bash", "-c"]);

        Assert.Equal(["/usr/bin/env", "A=1", "printenv"], command.Args);
    }

    [Fact]
    public void A_lone_heredoc_runs_its_body_through_the_shell()
    {
        var command = RunCommandBuilder.Build(Shell("<<EOF"), null, [new Heredoc("EOF", "apt-get update\napt-get install -y curl\n", true, false)]);

        Assert.Equal(["/bin/sh", "-c", "apt-get update\napt-get install -y curl\n"], command.Args);
    }

    [Theory]
    [InlineData("<<-EOF")]
    [InlineData("<<'EOF'")]
    [InlineData("<<\"EOF\"")]
    [InlineData("  <<EOF  ")]
    public void Quoted_and_dashed_markers_are_lone_heredocs_too(string marker)
    {
        var command = RunCommandBuilder.Build(Shell(marker), null, [new Heredoc("EOF", "echo hi\n", false, false)]);

        Assert.Equal(["/bin/sh", "-c", "echo hi\n"], command.Args);
    }

    [Fact]
    public void A_lone_heredoc_with_a_shebang_becomes_an_executable_file()
    {
        var command = RunCommandBuilder.Build(Shell("<<SCRIPT"), null, [new Heredoc("SCRIPT", "#!/usr/bin/env python3\nprint(1)\n", true, false)]);

        Assert.Equal(["/bin/sh", "-c", "/dev/pipes/SCRIPT"], command.Args);
        var file = Assert.Single(command.Files);
        Assert.Equal("/dev/pipes/SCRIPT", file.ContainerPath);
        Assert.Equal("#!/usr/bin/env python3\nprint(1)\n", file.Content);
        Assert.Equal((UnixFileMode)0b111_101_101, file.Mode);
    }

    [Fact]
    public void Heredocs_after_a_command_are_appended_for_the_shell()
    {
        var command = RunCommandBuilder.Build(Shell("cat <<A > /a && cat <<B > /b"), null,
            [new Heredoc("A", "first\n", true, false), new Heredoc("B", "second\n", false, false)]);

        Assert.Equal(["/bin/sh", "-c", "cat <<A > /a && cat <<B > /b\nfirst\nA\nsecond\nB"], command.Args);
    }

    [Fact]
    public void A_redirect_after_the_marker_is_not_a_lone_heredoc()
    {
        var command = RunCommandBuilder.Build(Shell("<<EOF > /x"), null, [new Heredoc("EOF", "#!/bin/sh\n", true, false)]);

        Assert.Equal(["/bin/sh", "-c", "<<EOF > /x\n#!/bin/sh\nEOF"], command.Args);
        Assert.Empty(command.Files);
    }

    [Fact]
    public void Exec_form_with_heredocs_is_refused()
    {
        var error = Assert.Throws<HoistException>(() =>
            RunCommandBuilder.Build(new CommandLine(["cat"], false), null, [new Heredoc("EOF", "x\n", true, false)]));

        Assert.Contains("invalid run command", error.Message);
    }
}
