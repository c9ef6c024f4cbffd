using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

public sealed class InstructionReaderTests
{
    [Fact]
    public void Reads_every_instruction_in_order_with_lines_and_original_text()
    {
        var nodes = new[]
        {
            Node("arg", "BASE=alpine", line: 1), Node("from", "$BASE AS app", line: 2), Node("run", "apk add curl", line: 3),
            Node("copy", ". /src", line: 4), Node("add", "x.tar /", line: 5), Node("env", "A=1", line: 6),
            Node("label", "a=b", line: 7), Node("expose", "80", line: 8), Node("volume", "/v", line: 9),
            Node("user", "app", line: 10), Node("workdir", "/src", line: 11), Node("stopsignal", "SIGTERM", line: 12),
            Node("shell", "[\"/bin/sh\", \"-c\"]", line: 13), Node("healthcheck", "NONE", line: 14),
            Node("cmd", "[\"app\"]", line: 15), Node("entrypoint", "app", line: 16), Node("maintainer", "me", line: 17),
            Node("onbuild", "RUN x", line: 18, child: Node("run", "x", line: 18)),
        };
        var instructions = ReadAll('\\', nodes);
        Assert.Equal(
            [typeof(ArgInstruction), typeof(FromInstruction), typeof(RunInstruction), typeof(CopyInstruction),
             typeof(AddInstruction), typeof(EnvInstruction), typeof(LabelInstruction), typeof(ExposeInstruction),
             typeof(VolumeInstruction), typeof(UserInstruction), typeof(WorkdirInstruction), typeof(StopsignalInstruction),
             typeof(ShellInstruction), typeof(HealthcheckInstruction), typeof(CmdInstruction), typeof(EntrypointInstruction),
             typeof(MaintainerInstruction), typeof(OnbuildInstruction)],
            instructions.Select(i => i.GetType()));
        Assert.Equal(Enumerable.Range(1, 18), instructions.Select(i => i.Line));
        Assert.Equal(nodes.Select(n => n.Original), instructions.Select(i => i.Original));
    }

    [Fact]
    public void Multi_line_instruction_keeps_start_and_end_lines()
    {
        var run = Read<RunInstruction>(Node("run", "a && b", line: 5) with { EndLine = 8 });
        Assert.Equal(5, run.Line);
        Assert.Equal(8, run.EndLine);
    }

    [Fact]
    public void Error_names_the_file_and_the_failing_instruction_line()
    {
        var syntax = new DockerfileSyntax("ci/Dockerfile.prod", [], '\\',
            [Node("from", "alpine", line: 1), Node("copy", "only-one", line: 4)]);
        var e = Assert.Throws<DockerfileException>(() => InstructionReader.Read(syntax));
        Assert.Equal("ci/Dockerfile.prod", e.File);
        Assert.Equal(4, e.Line);
        Assert.StartsWith("ci/Dockerfile.prod:4: COPY requires at least two arguments", e.Message);
    }

    [Fact]
    public void Unknown_keyword_the_parser_kept_is_refused_with_the_nearest_known_one()
    {
        Assert.Equal("unknown instruction: FOO (did you mean FROM?)", Error(Node("foo", "bar")));
    }

    [Fact]
    public void Single_node_can_be_read_on_its_own()
    {
        var e = Assert.Throws<DockerfileException>(() => InstructionReader.Read(Node("user", "", line: 0), "onbuild trigger"));
        Assert.Equal("onbuild trigger: USER requires exactly one argument", e.Message);
    }
}
