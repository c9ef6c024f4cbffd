using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary>RUN, CMD and ENTRYPOINT: exec form (a JSON array of strings) or shell form (the text, run through SHELL).</summary>
public sealed class CommandInstructionTests
{
    [Theory]
    [InlineData("run")]
    [InlineData("cmd")]
    [InlineData("entrypoint")]
    public void Json_array_is_exec_form(string keyword)
    {
        var command = CommandOf(Read<Instruction>(Node(keyword, "[ \"echo\", \"a b\", \"$HOME\" ]")));
        Assert.Equal(new CommandLine(["echo", "a b", "$HOME"], IsShellForm: false), command, CommandLineComparer.Instance);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("cmd")]
    [InlineData("entrypoint")]
    public void Other_text_is_shell_form_kept_as_one_string(string keyword)
    {
        var command = CommandOf(Read<Instruction>(Node(keyword, "echo \"a  b\" && ls $HOME")));
        Assert.Equal(["echo \"a  b\" && ls $HOME"], command.Args);
        Assert.True(command.IsShellForm);
    }

    [Theory]
    [InlineData("[\"echo\", \"unterminated\"")]
    [InlineData("[echo]")]
    [InlineData("[\"a\"] trailing")]
    public void Text_that_is_not_valid_json_is_shell_form(string rest)
    {
        var run = Read<RunInstruction>("run", rest);
        Assert.True(run.Command.IsShellForm);
        Assert.Equal([rest], run.Command.Args);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("cmd")]
    [InlineData("entrypoint")]
    public void Json_array_with_non_strings_is_an_error(string keyword)
    {
        Assert.Equal(
            "when using JSON array syntax, arrays must be comprised of strings only",
            Error(Node(keyword, "[\"echo\", [\"nested json\"]]")));
    }

    [Fact]
    public void Cmd_and_entrypoint_may_be_empty()
    {
        Assert.Empty(Read<CmdInstruction>("cmd", "[]").Command.Args);
        Assert.False(Read<CmdInstruction>("cmd", "[]").Command.IsShellForm);
        // A bare ENTRYPOINT is an empty shell command (BuildKit: ["/bin/sh", "-c", ""]).
        Assert.Equal([""], Read<EntrypointInstruction>("entrypoint").Command.Args);
    }

    [Fact]
    public void Run_keeps_its_heredocs()
    {
        Heredoc[] heredocs = [new Heredoc("EOF", "echo hi\n", Expand: true, Chomp: false)];
        var run = Read<RunInstruction>(Node("run", "<<EOF", heredocs: heredocs));
        Assert.Equal(["<<EOF"], run.Command.Args);
        Assert.True(run.Command.IsShellForm);
        Assert.Equal(heredocs, run.Heredocs);
    }

    [Fact]
    public void Run_network_and_security_flags()
    {
        var run = Read<RunInstruction>("run", "make", "--network=none", "--security=insecure");
        Assert.Equal("none", run.Network);
        Assert.Equal("insecure", run.Security);
        Assert.Equal("host", Read<RunInstruction>("run", "x", "--network=host").Network);
        Assert.Equal("default", Read<RunInstruction>("run", "x", "--network=default").Network);
        Assert.Equal("sandbox", Read<RunInstruction>("run", "x", "--security=sandbox").Security);
        var plain = Read<RunInstruction>("run", "x");
        Assert.Null(plain.Network);
        Assert.Null(plain.Security);
        Assert.Empty(plain.Mounts);
    }

    [Fact]
    public void Run_network_and_security_values_are_checked()
    {
        Assert.Equal("invalid network mode \"bridge\"", Error("run", "x", "--network=bridge"));
        Assert.Equal("security \"privileged\" is not valid", Error("run", "x", "--security=privileged"));
        Assert.Equal("missing a value on flag: --network for RUN", Error("run", "x", "--network"));
    }

    [Theory]
    [InlineData("cmd")]
    [InlineData("entrypoint")]
    public void Cmd_and_entrypoint_take_no_flags(string keyword)
    {
        Assert.Equal(
            $"unknown flag: --mount for {keyword.ToUpperInvariant()}",
            Error(Node(keyword, "x", ["--mount=type=cache,target=/x"])));
    }

    private static CommandLine CommandOf(Instruction instruction) => instruction switch
    {
        RunInstruction r => r.Command,
        CmdInstruction c => c.Command,
        EntrypointInstruction e => e.Command,
        _ => throw new InvalidOperationException(instruction.GetType().Name),
    };

    private sealed class CommandLineComparer : IEqualityComparer<CommandLine>
    {
        public static readonly CommandLineComparer Instance = new();

        public bool Equals(CommandLine? x, CommandLine? y) =>
            x is not null && y is not null && x.IsShellForm == y.IsShellForm && x.Args.SequenceEqual(y.Args);

        public int GetHashCode(CommandLine obj) => obj.Args.Count;
    }
}
