using System.Diagnostics;
using System.Text;
using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace Hoist.Tests.Dockerfile.Parsing;

public sealed class DockerfileParserTests(ITestOutputHelper output)
{
    private static IReadOnlyList<InstructionNode> Parse(string text) => DockerfileParser.Parse(text).Instructions;

    private static DockerfileException Fails(string text, string fileName = "Dockerfile") =>
        Assert.Throws<DockerfileException>(() => DockerfileParser.Parse(text, fileName));

    /// <summary>Parses, then reads the instructions: where an unknown keyword is refused.</summary>
    private static DockerfileException ReadFails(string text, string fileName = "Dockerfile") =>
        Assert.Throws<DockerfileException>(() => InstructionReader.Read(DockerfileParser.Parse(text, fileName)));

    [Fact]
    public void Instructions_come_out_in_order_with_lower_cased_keyword_and_trimmed_rest()
    {
        var nodes = Parse("FROM alpine:3.20 AS build\nrun   echo hi   \nCopy . /src\n");

        Assert.Equal(["from", "run", "copy"], nodes.Select(n => n.Keyword));
        Assert.Equal(["FROM", "run", "Copy"], nodes.Select(n => n.OriginalKeyword));
        Assert.Equal(["alpine:3.20 AS build", "echo hi", ". /src"], nodes.Select(n => n.Rest));
        Assert.Equal([1, 2, 3], nodes.Select(n => n.StartLine));
        Assert.Equal([1, 2, 3], nodes.Select(n => n.EndLine));
    }

    [Fact]
    public void An_empty_file_or_one_of_comments_and_blanks_is_refused_in_BuildKits_words()
    {
        Assert.Equal((0, "the Dockerfile cannot be empty"), Refusal(""));
        Assert.Equal((4, "file with no instructions"), Refusal("\n\n   \n\t\n"));
        Assert.Equal((3, "file with no instructions"), Refusal("# just a comment\n\n  # another\n"));
        var error = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("", "x/Dockerfile.dev"));
        Assert.Equal("x/Dockerfile.dev", error.File);
    }

    private static (int Line, string Cause) Refusal(string text)
    {
        var error = Assert.Throws<DockerfileException>(() => Parse(text));
        return (error.Line, error.Cause);
    }

    [Fact]
    public void Byte_order_mark_and_crlf_line_endings_are_ignored()
    {
        var nodes = Parse("\uFEFFFROM scratch\r\nRUN echo a \\\r\n  b\r\nCMD [\"x\"]\r\n");

        Assert.Equal("from", nodes[0].Keyword);
        Assert.Equal("echo a   b", nodes[1].Rest);
        Assert.Equal((2, 3), (nodes[1].StartLine, nodes[1].EndLine));
        Assert.Equal(["x"], nodes[2].JsonArgs!);
        Assert.Equal(4, nodes[2].StartLine);
    }

    [Fact]
    public void Tabs_and_leading_blanks_are_whitespace()
    {
        var node = Assert.Single(Parse("\t  RUN\t\techo\there\t\n"));

        Assert.Equal("run", node.Keyword);
        Assert.Equal("echo\there", node.Rest);
        Assert.Equal("RUN\t\techo\there\t", node.Original);
    }

    [Fact]
    public void Instruction_without_arguments_has_empty_rest()
    {
        var node = Assert.Single(Parse("RUN\n"));

        Assert.Equal("", node.Rest);
        Assert.Empty(node.Flags);
        Assert.Null(node.JsonArgs);
    }

    [Fact]
    public void Continuation_lines_are_joined_keeping_their_leading_blanks()
    {
        // From BuildKit's testfiles/continueIndent.
        var nodes = Parse("""
            RUN echo hello\
              world\
              goodnight  \
              moon\
              light\
            ning
            RUN echo hello  \  
            world
            RUN echo hi \
             \
             world \
            \
             good\
            \
            night
            """);

        Assert.Equal("echo hello  world  goodnight    moon  lightning", nodes[0].Rest);
        Assert.Equal((1, 6), (nodes[0].StartLine, nodes[0].EndLine));
        Assert.Equal("echo hello  world", nodes[1].Rest);
        Assert.Equal((7, 8), (nodes[1].StartLine, nodes[1].EndLine));
        Assert.Equal("echo hi   world  goodnight", nodes[2].Rest);
        Assert.Equal((9, 15), (nodes[2].StartLine, nodes[2].EndLine));
    }

    [Fact]
    public void Comments_and_blank_lines_inside_a_continuation_are_skipped_but_counted()
    {
        var nodes = Parse("RUN echo hello \\\n# this is a comment\n\n   # indented comment\n\t\nthis is more\nUSER me\n");

        Assert.Equal("echo hello this is more", nodes[0].Rest);
        Assert.Equal((1, 6), (nodes[0].StartLine, nodes[0].EndLine));
        Assert.Equal(7, nodes[1].StartLine);
    }

    [Fact]
    public void A_comment_line_ending_in_the_escape_does_not_continue()
    {
        var nodes = Parse("# RUN Commands \\\n# linebreak \\\nRUN ls\n");

        var node = Assert.Single(nodes);
        Assert.Equal(3, node.StartLine);
    }

    [Fact]
    public void Escaped_escape_at_end_of_line_does_not_continue()
    {
        // From BuildKit's testfiles/trailing-backslash.
        var nodes = Parse("ENV C trailing\\\\backslash\\\\\nENV D not appended\nENV E hello\\\n\\\nworld\n");

        Assert.Equal(@"C trailing\\backslash\\", nodes[0].Rest);
        Assert.Equal("D not appended", nodes[1].Rest);
        Assert.Equal("E helloworld", nodes[2].Rest);
        Assert.Equal((3, 5), (nodes[2].StartLine, nodes[2].EndLine));
    }

    [Fact]
    public void Continuation_at_end_of_file_ends_the_instruction()
    {
        var nodes = Parse("FROM alpine:3.5\n\nRUN something \\");

        Assert.Equal("something", nodes[1].Rest);
        Assert.Equal((3, 3), (nodes[1].StartLine, nodes[1].EndLine));
    }

    [Fact]
    public void Escape_in_the_middle_of_a_line_is_kept_for_later_phases()
    {
        var node = Assert.Single(Parse("RUN echo a\\ b \\\\ c\n"));

        Assert.Equal(@"echo a\ b \\ c", node.Rest);
    }

    [Fact]
    public void Backtick_escape_directive_changes_the_continuation_character()
    {
        // From BuildKit's testfiles/escape-nonewline: with ` as escape a backslash is an ordinary character.
        var syntax = DockerfileParser.Parse("# escape = `\nFROM image\nENV GOPATH `\n\\go\nRUN dir c:\\ \n");

        Assert.Equal('`', syntax.EscapeChar);
        Assert.Equal(@"GOPATH \go", syntax.Instructions[1].Rest);
        Assert.Equal((3, 4), (syntax.Instructions[1].StartLine, syntax.Instructions[1].EndLine));
        Assert.Equal(@"dir c:\", syntax.Instructions[2].Rest);
    }

    [Theory]
    [InlineData("RUNN echo", "unknown instruction \"RUNN\" (did you mean RUN?)")]
    [InlineData("runn echo", "unknown instruction \"runn\" (did you mean run?)")]
    [InlineData("Cpy a b", "unknown instruction \"Cpy\" (did you mean copy?)")]
    [InlineData("ENTRYPIONT [\"a\"]", "unknown instruction \"ENTRYPIONT\" (did you mean ENTRYPOINT?)")]
    [InlineData("FNTRYPOINT x", "unknown instruction \"FNTRYPOINT\" (did you mean ENTRYPOINT?)")]
    [InlineData("BADCMD x", "unknown instruction \"BADCMD\"")]
    [InlineData("FOO", "unknown instruction \"FOO\" (did you mean FROM?)")]
    [InlineData("XYZZY a", "unknown instruction \"XYZZY\"")]
    public void Unknown_instruction_is_kept_by_the_parser_and_refused_by_the_reader_with_the_nearest_keyword(string line, string cause)
    {
        Assert.Equal(2, DockerfileParser.Parse("FROM scratch\n\n" + line + "\n").Instructions.Count);

        var error = ReadFails("FROM scratch\n\n" + line + "\n", "ctx/Dockerfile");

        Assert.Equal(cause, error.Cause);
        Assert.Equal(3, error.Line);
        Assert.Equal($"ctx/Dockerfile:3: {cause}", error.Message);
    }

    [Fact]
    public void Lone_escape_starts_a_continuation_even_as_the_first_line()
    {
        var nodes = Parse("\\\nRUN x\n");
        var node = Assert.Single(nodes);
        Assert.Equal(("run", 1, 2), (node.Keyword, node.StartLine, node.EndLine));

        Assert.Equal("unknown instruction \"\"", ReadFails("FROM a\n\\\n").Cause);
    }

    [Fact]
    public void Every_known_keyword_is_accepted_in_any_case()
    {
        string[] keywords =
        [
            "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
            "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
        ];
        var text = string.Join('\n', keywords.Select((k, i) => (i % 2 == 0 ? k.ToLowerInvariant() : k) + (k == "ONBUILD" ? " RUN x" : " x")));

        Assert.Equal(keywords.Select(k => k.ToLowerInvariant()), Parse(text).Select(n => n.Keyword));
    }

    [Theory]
    [InlineData("COPY foo /tmp/", new string[0], "foo /tmp/")]
    [InlineData("COPY --user=me foo /tmp/", new[] { "--user=me" }, "foo /tmp/")]
    [InlineData("COPY --user=me --doit=true foo /tmp/", new[] { "--user=me", "--doit=true" }, "foo /tmp/")]
    [InlineData("COPY --doit=true -- foo /tmp/", new[] { "--doit=true" }, "foo /tmp/")]
    [InlineData("COPY -- foo /tmp/", new string[0], "foo /tmp/")]
    [InlineData("CMD --doit [ \"a\", \"b\" ]", new[] { "--doit" }, "[ \"a\", \"b\" ]")]
    [InlineData("CMD --doit -- [ ]", new[] { "--doit" }, "[ ]")]
    [InlineData("RUN --mount=type=cache,target=/root/.cache pip install x", new[] { "--mount=type=cache,target=/root/.cache" }, "pip install x")]
    [InlineData("RUN --network=none --security=insecure -x", new[] { "--network=none", "--security=insecure" }, "-x")]
    [InlineData("COPY --from=build --chmod=0755 a b", new[] { "--from=build", "--chmod=0755" }, "a b")]
    [InlineData("RUN --x=\"a b\" --y='c d' echo", new[] { "--x=a b", "--y=c d" }, "echo")]
    [InlineData("RUN --x=\"\" echo", new[] { "--x=" }, "echo")]
    [InlineData("RUN --x=a\\ b echo", new[] { "--x=a b" }, "echo")]
    [InlineData("RUN --x=$HOME echo $HOME", new[] { "--x=$HOME" }, "echo $HOME")]
    [InlineData("RUN --flag", new[] { "--flag" }, "")]
    [InlineData("RUN --", new string[0], "")]
    [InlineData("RUN --x=\"unterminated", new[] { "--x=unterminated" }, "")]
    [InlineData("RUN echo --not-a-flag", new string[0], "echo --not-a-flag")]
    [InlineData("RUN -x --y", new string[0], "-x --y")]
    public void Leading_flags_are_extracted(string line, string[] flags, string rest)
    {
        var node = Assert.Single(Parse(line));

        Assert.Equal(flags, node.Flags);
        Assert.Equal(rest, node.Rest);
    }

    [Fact]
    public void Flags_use_the_backtick_escape_when_it_is_in_force()
    {
        var node = Parse("# escape=`\nRUN --x=a`\"b --y=c\\d echo\n")[0];

        Assert.Equal(["--x=a\"b", @"--y=c\d"], node.Flags);
    }

    [Theory]
    [InlineData("CMD [\"echo\", \"hi there\"]", new[] { "echo", "hi there" })]
    [InlineData("ENTRYPOINT   [ \"a\" ,\"b\" ]  ", new[] { "a", "b" })]
    [InlineData("CMD []", new string[0])]
    [InlineData("RUN [\"sh\", \"-c\", \"echo \\\"q\\\" \\u00e9\"]", new[] { "sh", "-c", "echo \"q\" é" })]
    [InlineData("COPY [\"a b\", \"/c d/\"]", new[] { "a b", "/c d/" })]
    [InlineData("CMD --doit=true -- [ \"a\", \"b\" ]", new[] { "a", "b" })]
    public void Exec_form_json_array_sets_json_args(string line, string[] args)
    {
        var node = Assert.Single(Parse(line));

        Assert.Equal(args, node.JsonArgs!);
    }

    [Theory]
    [InlineData("CMD ['echo', 'single quotes']")] // jeztah-invalid-json-single-quotes
    [InlineData("CMD [\"echo\", \"unterminated]")] // jeztah-invalid-json-unterminated-string
    [InlineData("CMD [\"echo\", \"unterminated\"")] // jeztah-invalid-json-unterminated-bracket
    [InlineData("CMD [\"a\"] trailing")]
    [InlineData("CMD echo [\"a\"]")]
    [InlineData("CMD [\"a\",]")]
    [InlineData("RUN [ \"echo\", \"[\\\"nested json\\\"]\" ] x")]
    public void Text_that_is_not_a_json_array_stays_shell_form(string line)
    {
        var node = Assert.Single(Parse(line));

        Assert.Null(node.JsonArgs);
        Assert.Equal(line[(line.IndexOf(' ') + 1)..], node.Rest);
    }

    [Theory]
    [InlineData("CMD [\"echo\", 1]")]
    [InlineData("RUN [[\"nested\"]]")] // shykes-nested-json
    [InlineData("ENTRYPOINT [null]")]
    [InlineData("SHELL [{\"a\": \"b\"}]")]
    [InlineData("COPY [\"a\", true]")]
    [InlineData("VOLUME [1.5]")]
    [InlineData("HEALTHCHECK CMD [\"a\", 2]")]
    public void Json_array_with_non_strings_is_an_error_for_exec_form_instructions(string line)
    {
        var error = Fails("FROM a\n" + line);

        Assert.Equal(2, error.Line);
        Assert.Contains("arrays must be comprised of strings only", error.Cause);
    }

    [Fact]
    public void Json_array_with_non_strings_is_left_alone_for_other_instructions()
    {
        var node = Assert.Single(Parse("LABEL [1]"));

        Assert.Null(node.JsonArgs);
        Assert.Equal("[1]", node.Rest);
    }

    [Fact]
    public void Deeply_nested_valid_json_is_still_recognised_as_json()
    {
        var deep = new string('[', 200) + new string(']', 200);

        Assert.Contains("arrays must be comprised of strings only", Fails("RUN " + deep).Cause);
    }

    [Fact]
    public void Onbuild_trigger_is_parsed_into_a_child_with_the_same_lines()
    {
        var nodes = Parse("ONBUILD RUN [\"echo\", \"test\"]\nONBUILD  copy --chown=1 . / \\\n  sub\nONBUILD\n");

        var json = nodes[0].Child!;
        Assert.Equal("run", json.Keyword);
        Assert.Equal(["echo", "test"], json.JsonArgs!);
        Assert.Equal("RUN [\"echo\", \"test\"]", nodes[0].Rest);

        var copy = nodes[1].Child!;
        Assert.Equal(("copy", "copy", ". /   sub"), (copy.Keyword, copy.OriginalKeyword, copy.Rest));
        Assert.Equal(["--chown=1"], copy.Flags);
        Assert.Equal((2, 3), (copy.StartLine, copy.EndLine));
        Assert.Equal((2, 3), (nodes[1].StartLine, nodes[1].EndLine));
        Assert.Empty(nodes[1].Flags);

        Assert.Null(nodes[2].Child);
        Assert.Equal("", nodes[2].Rest);
    }

    [Fact]
    public void Onbuild_with_an_unknown_trigger_fails_with_a_suggestion()
    {
        var error = ReadFails("FROM a\nONBUILD RUNN x\n");

        Assert.Equal("unknown instruction \"RUNN\" (did you mean RUN?)", error.Cause);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Nested_onbuild_is_parsed_for_the_reader_to_reject()
    {
        var node = Assert.Single(Parse("ONBUILD ONBUILD RUN x"));

        Assert.Equal("onbuild", node.Child!.Keyword);
        Assert.Equal("run", node.Child.Child!.Keyword);
    }

    [Fact]
    public void Very_long_line_parses()
    {
        var word = new string('a', 300_000);
        var node = Assert.Single(Parse($"RUN echo {word} \\\n {word}\n"));

        Assert.Equal(600_007, node.Rest.Length);
    }

    [Fact]
    public void Original_keeps_the_joined_line()
    {
        var node = Assert.Single(Parse("  RUN --mount=type=cache,target=/x \\\n  make   \n"));

        Assert.Equal("RUN --mount=type=cache,target=/x   make   ", node.Original);
        Assert.Equal("make", node.Rest);
    }

    [Fact]
    public void Large_dockerfile_parses_in_linear_time()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            text.Append("RUN --mount=type=cache,target=/c apt-get install -y \\\n    pkg").Append(i).Append(" && echo done\n");
            text.Append("COPY <<EOF /etc/f").Append(i).Append("\nline\nEOF\n");
        }

        var source = text.ToString();
        // Best of a few runs, so JIT tiering and a busy shared machine do not dominate the figure.
        var best = TimeSpan.MaxValue;
        DockerfileSyntax syntax = null!;
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            syntax = DockerfileParser.Parse(source);
            best = TimeSpan.FromTicks(Math.Min(best.Ticks, watch.Elapsed.Ticks));
        }

        output.WriteLine($"5000 lines parsed in {best.TotalMilliseconds:F2} ms");
        Assert.Equal(2000, syntax.Instructions.Count);
        Assert.Equal(5000, syntax.Instructions[^1].EndLine);
        // A few ms is expected; the bound is loose because the test machine is shared.
        Assert.True(best.TotalMilliseconds < 500, $"parsing 5000 lines took {best.TotalMilliseconds} ms");
    }
}
