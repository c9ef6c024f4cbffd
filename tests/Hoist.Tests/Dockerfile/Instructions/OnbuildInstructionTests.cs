using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

public sealed class OnbuildInstructionTests
{
    private static InstructionNode Onbuild(InstructionNode child, IReadOnlyList<Heredoc>? heredocs = null, int line = 3) =>
        Node("onbuild", child.Original, line: line, child: child, heredocs: heredocs) with
        {
            Original = "ONBUILD " + child.Original,
        };

    [Fact]
    public void Trigger_is_read_as_its_own_instruction()
    {
        var onbuild = Read<OnbuildInstruction>(Onbuild(Node("copy", ". /app/src", ["--chown=app"])));
        var copy = Assert.IsType<CopyInstruction>(onbuild.Trigger);
        Assert.Equal(["."], copy.Sources);
        Assert.Equal("app", copy.Chown);
        Assert.Equal("COPY --chown=app . /app/src", onbuild.TriggerText);
    }

    [Fact]
    public void Trigger_text_drops_the_onbuild_keyword_in_any_case()
    {
        var node = Onbuild(Node("run", "echo  hi")) with { Original = "  onBuild   RUN echo  hi" };
        Assert.Equal("RUN echo  hi", Read<OnbuildInstruction>(node).TriggerText);
    }

    [Fact]
    public void Trigger_heredocs_follow_the_text()
    {
        Heredoc[] heredocs = [new Heredoc("EOF", "echo one\necho two\n", Expand: true, Chomp: false)];
        var onbuild = Read<OnbuildInstruction>(Onbuild(Node("run", "<<EOF"), heredocs));
        Assert.Equal("RUN <<EOF\necho one\necho two\nEOF", onbuild.TriggerText);
        Assert.Equal(heredocs, Assert.IsType<RunInstruction>(onbuild.Trigger).Heredocs);
    }

    [Fact]
    public void Heredocs_on_the_child_node_are_used_too()
    {
        Heredoc[] heredocs = [new Heredoc("X", "data\n", Expand: false, Chomp: false)];
        var onbuild = Read<OnbuildInstruction>(Onbuild(Node("copy", "<<X /x", heredocs: heredocs)));
        Assert.Equal(heredocs, Assert.IsType<CopyInstruction>(onbuild.Trigger).Heredocs);
        Assert.Equal("COPY <<X /x\ndata\nX", onbuild.TriggerText);
    }

    [Fact]
    public void Forbidden_triggers()
    {
        Assert.Equal("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
            Error(Onbuild(Onbuild(Node("run", "x")))));
        Assert.Equal("FROM isn't allowed as an ONBUILD trigger", Error(Onbuild(Node("from", "scratch"))));
        Assert.Equal("MAINTAINER isn't allowed as an ONBUILD trigger", Error(Onbuild(Node("maintainer", "me"))));
    }

    [Fact]
    public void Errors_in_the_trigger_point_at_the_onbuild_line()
    {
        Assert.Equal("unknown flag: --foo for COPY (did you mean from?)", Error(Onbuild(Node("copy", "a /b", ["--foo"]), line: 9)));
        Assert.Equal("WORKDIR requires exactly one argument", Error(Onbuild(Node("workdir", ""), line: 12)));
    }

    [Fact]
    public void Onbuild_without_a_trigger_is_an_error()
    {
        Assert.Equal("ONBUILD requires at least one argument", Error(Node("onbuild")));
    }
}
