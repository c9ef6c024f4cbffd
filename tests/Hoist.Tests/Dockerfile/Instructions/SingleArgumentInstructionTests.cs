using Hoist.Dockerfile.Instructions;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary>MAINTAINER, USER, WORKDIR, STOPSIGNAL (the whole line is the argument), EXPOSE, VOLUME and SHELL.</summary>
public sealed class SingleArgumentInstructionTests
{
    [Fact]
    public void Whole_rest_of_line_is_the_argument_as_written()
    {
        Assert.Equal("Jane Doe <jane@example.com>", Read<MaintainerInstruction>("maintainer", "Jane Doe <jane@example.com>").Maintainer);
        Assert.Equal("${APP_USER}:staff", Read<UserInstruction>("user", "${APP_USER}:staff").User);
        Assert.Equal("\"/srv/my app\"", Read<WorkdirInstruction>("workdir", "\"/srv/my app\"").Path);
        Assert.Equal("SIGTERM", Read<StopsignalInstruction>("stopsignal", "SIGTERM").Signal);
    }

    [Fact]
    public void Workdir_does_not_treat_json_as_special()
    {
        Assert.Equal("[\"/a\"]", Read<WorkdirInstruction>("workdir", "[\"/a\"]").Path);
    }

    [Theory]
    [InlineData("maintainer", "MAINTAINER requires exactly one argument")]
    [InlineData("user", "USER requires exactly one argument")]
    [InlineData("workdir", "WORKDIR requires exactly one argument")]
    [InlineData("stopsignal", "STOPSIGNAL requires exactly one argument")]
    [InlineData("expose", "EXPOSE requires at least one argument")]
    [InlineData("volume", "VOLUME requires at least one argument")]
    [InlineData("shell", "SHELL requires at least one argument")]
    [InlineData("healthcheck", "HEALTHCHECK requires at least one argument")]
    [InlineData("onbuild", "ONBUILD requires at least one argument")]
    [InlineData("env", "ENV requires at least one argument")]
    [InlineData("label", "LABEL requires at least one argument")]
    [InlineData("arg", "ARG requires at least one argument")]
    [InlineData("from", "FROM requires either one or three arguments")]
    public void Missing_arguments_are_errors(string keyword, string cause) => Assert.Equal(cause, Error(keyword));

    /// <summary>BuildKit v0.25.2 runs a bare RUN as <c>/bin/sh -c ""</c> and refuses <c>RUN []</c>.</summary>
    [Fact]
    public void A_bare_run_is_an_empty_shell_command_and_an_empty_exec_form_an_error()
    {
        Assert.Equal(new CommandLine([""], IsShellForm: true).Args, Read<RunInstruction>("run").Command.Args);
        Assert.Equal("RUN requires at least one argument", Error(Node("run", "[]", jsonArgs: [])));
    }

    [Fact]
    public void Expose_lists_ports_sorted_as_written()
    {
        var expose = Read<ExposeInstruction>("expose", "8080/tcp  53/udp\t$PORT 443");
        Assert.Equal(["$PORT", "443", "53/udp", "8080/tcp"], expose.Ports);
    }

    [Fact]
    public void Volume_accepts_json_or_a_list()
    {
        Assert.Equal(["/data", "/var/log"], Read<VolumeInstruction>("volume", "[\"/data\", \"/var/log\"]").Volumes);
        Assert.Equal(["/data", "$LOGS"], Read<VolumeInstruction>("volume", "/data   $LOGS").Volumes);
    }

    [Fact]
    public void Volume_uses_json_args_given_by_the_parser()
    {
        var node = Node("volume", "[\"/x\"]", jsonArgs: ["/from-parser"]);
        Assert.Equal(["/from-parser"], Read<VolumeInstruction>(node).Volumes);
    }

    [Theory]
    [InlineData("[\" \"]", "VOLUME specified can not be an empty string")]
    [InlineData("[]", "VOLUME requires at least one argument")]
    [InlineData("[\"/a\", 1]", "when using JSON array syntax, arrays must be comprised of strings only")]
    public void Volume_errors(string rest, string cause) => Assert.Equal(cause, Error("volume", rest));

    [Fact]
    public void Shell_must_be_a_json_array()
    {
        Assert.Equal(["powershell", "-command"], Read<ShellInstruction>("shell", "[\"powershell\", \"-command\"]").Shell);
        Assert.Equal("SHELL requires the arguments to be in JSON form", Error("shell", "/bin/bash -c"));
        Assert.Equal("SHELL requires at least one argument", Error("shell", "[]"));
        Assert.Equal("when using JSON array syntax, arrays must be comprised of strings only", Error("shell", "[\"sh\", [\"-c\"]]"));
    }
}
