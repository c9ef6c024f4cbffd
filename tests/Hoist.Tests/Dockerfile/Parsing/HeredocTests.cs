using Hoist.Dockerfile;
using Hoist.Dockerfile.Parsing;
using Xunit;

namespace Hoist.Tests.Dockerfile.Parsing;

public sealed class HeredocTests
{
    private static InstructionNode Single(string text) => Assert.Single(DockerfileParser.Parse(text).Instructions);

    [Fact]
    public void Run_heredoc_body_is_attached_and_lines_counted()
    {
        var nodes = DockerfileParser.Parse("FROM a\nRUN <<EOF\necho hello\necho world\nEOF\nUSER me\n").Instructions;

        var run = nodes[1];
        Assert.Equal([new Heredoc("EOF", "echo hello\necho world\n", Expand: true, Chomp: false)], run.Heredocs);
        Assert.Equal("<<EOF", run.Rest);
        Assert.Equal((2, 5), (run.StartLine, run.EndLine));
        Assert.Equal(6, nodes[2].StartLine);
    }

    [Fact]
    public void Empty_body_is_empty()
    {
        Assert.Equal("", Single("RUN <<EMPTY\nEMPTY\n").Heredocs[0].Content);
    }

    [Fact]
    public void Body_lines_are_not_continuations_or_comments()
    {
        var node = Single("RUN <<COMMENT\n# internal comment\necho a \\\n\necho b # trailing\nCOMMENT\n");

        Assert.Equal("# internal comment\necho a \\\n\necho b # trailing\n", node.Heredocs[0].Content);
    }

    [Fact]
    public void Dash_form_strips_leading_tabs_from_body_and_terminator()
    {
        var node = Single("RUN <<-UNINDENT\n\tbaz\n\t\tquux\n \tspace first\n\tUNINDENT\n");

        var heredoc = node.Heredocs[0];
        Assert.True(heredoc.Chomp);
        Assert.Equal("baz\nquux\n \tspace first\n", heredoc.Content);
    }

    [Fact]
    public void Plain_form_keeps_tabs_and_needs_an_unindented_terminator()
    {
        var node = Single("RUN <<INDENT\n\tfoo\n\tINDENT\nINDENT\n");

        Assert.Equal("\tfoo\n\tINDENT\n", node.Heredocs[0].Content);
    }

    [Theory]
    [InlineData("RUN <<'NOEXPAND'", "NOEXPAND", false)]
    [InlineData("RUN <<\"NOEXPAND\"", "NOEXPAND", false)]
    [InlineData("RUN <<-'NOEXPAND'", "NOEXPAND", false)]
    [InlineData("RUN <<eo'f'", "eof", false)]
    [InlineData("RUN <<eo\\'f", "eo'f", true)]
    [InlineData("RUN <<'e'o\\'f", "eo'f", false)]
    [InlineData("RUN <<'one two'", "one two", false)]
    [InlineData("RUN <<$EOF", "$EOF", true)]
    [InlineData("RUN <<  EOF", "EOF", true)]
    [InlineData("RUN <<  EOF  > foo", "EOF", true)]
    [InlineData("RUN <<COMPLEX python3", "COMPLEX", true)]
    [InlineData("COPY <<file.txt /dest", "file.txt", true)]
    [InlineData("RUN << -EOF", "-EOF", true)]
    [InlineData("RUN --mount=type=cache,target=/foo <<MOUNT", "MOUNT", true)]
    public void Delimiter_forms_from_buildkit(string line, string name, bool expand)
    {
        var node = Single(line + "\nbody\n" + name + "\n");

        var heredoc = Assert.Single(node.Heredocs);
        Assert.Equal((name, expand, "body\n"), (heredoc.Name, heredoc.Expand, heredoc.Content));
        Assert.Equal(line[(line.IndexOf(' ') + 1)..].Replace("--mount=type=cache,target=/foo ", ""), node.Rest);
    }

    [Fact]
    public void File_descriptor_prefix_is_recorded()
    {
        var node = Single("RUN 3<<EOF cat /dev/fd/3\nx\nEOF\n");

        Assert.Equal(3, node.Heredocs[0].FileDescriptor);
        Assert.Null(Single("RUN <<EOF\nEOF").Heredocs[0].FileDescriptor);
    }

    [Fact]
    public void Several_heredocs_are_read_in_order()
    {
        var node = Single("COPY <<FILE1 <<FILE2 /dest\ncontent 1\nFILE1\ncontent 2\nFILE2\n");

        Assert.Equal(
            [new Heredoc("FILE1", "content 1\n", true, false), new Heredoc("FILE2", "content 2\n", true, false)],
            node.Heredocs);
        Assert.Equal((1, 5), (node.StartLine, node.EndLine));
    }

    [Fact]
    public void Each_terminator_only_closes_its_own_heredoc()
    {
        var node = Single("COPY <<X <<Y /dest\nY\nX\nX\nY\n");

        Assert.Equal(["Y\n", "X\n"], node.Heredocs.Select(h => h.Content));
    }

    [Theory]
    [InlineData("RUN \"<<NOHEREDOC\"")]
    [InlineData("RUN '<<EOF'")]
    [InlineData("RUN [\"<<EOF\"]")]
    [InlineData("RUN [\"<<'EOF'\"]")]
    [InlineData("RUN <<")]
    [InlineData("RUN <<-")]
    [InlineData("RUN <<<EOF")]
    [InlineData("RUN <EOF")]
    [InlineData("RUN cat<<EOF")]
    [InlineData("RUN <<- EOF")]
    [InlineData("RUN <<\"\"")]
    [InlineData("RUN echo \"unterminated <<EOF")]
    [InlineData("USER <<EOF")]
    [InlineData("ENV A=<<EOF")]
    public void Lines_without_a_heredoc_marker_read_no_body(string line)
    {
        var nodes = DockerfileParser.Parse(line + "\nUSER x\n").Instructions;

        Assert.Empty(nodes[0].Heredocs);
        Assert.Equal("user", nodes[1].Keyword);
    }

    [Fact]
    public void Marker_on_a_continued_line_reads_the_body_after_the_last_continuation()
    {
        var node = Single("RUN --network=none \\\n  <<EOF bash\necho hi\nEOF\n");

        Assert.Equal("echo hi\n", node.Heredocs[0].Content);
        Assert.Equal((1, 4), (node.StartLine, node.EndLine));
    }

    [Fact]
    public void Body_keeps_crlf_line_endings_as_buildkit_does()
    {
        var node = Single("RUN <<EOF\r\necho a\r\nEOF\r\n");

        Assert.Equal("echo a\r\n", node.Heredocs[0].Content);
    }

    [Fact]
    public void Onbuild_trigger_heredoc_is_on_parent_and_child()
    {
        var node = Single("ONBUILD RUN <<EOF\necho hi\nEOF\n");

        Assert.Equal("echo hi\n", Assert.Single(node.Heredocs).Content);
        Assert.Equal(node.Heredocs, node.Child!.Heredocs);
        Assert.Equal((1, 3), (node.Child.StartLine, node.Child.EndLine));
    }

    [Theory]
    [InlineData("FROM a\nRUN <<EOF\necho hi\n", "EOF")]
    [InlineData("FROM a\nCOPY <<A <<B /x\na\nA\nb\n", "B")]
    [InlineData("FROM a\nRUN <<-EOF\necho\n EOF\n", "EOF")]
    public void Missing_terminator_is_an_error_at_the_instruction(string text, string name)
    {
        var error = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse(text));

        Assert.Equal(2, error.Line);
        Assert.StartsWith("unterminated heredoc", error.Cause);
        Assert.Contains($"\"{name}\"", error.Cause);
    }
}
