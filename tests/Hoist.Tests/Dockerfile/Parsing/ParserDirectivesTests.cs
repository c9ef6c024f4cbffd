using Hoist.Dockerfile;
using Hoist.Dockerfile.Parsing;
using Xunit;

namespace Hoist.Tests.Dockerfile.Parsing;

public sealed class ParserDirectivesTests
{
    [Fact]
    public void Directives_at_the_top_are_collected_with_lower_cased_names()
    {
        var syntax = DockerfileParser.Parse("# syntax=docker/dockerfile:1.7\n#ESCAPE = `\n#  Check = skip=JSONArgsRecommended;error=true  \n\nFROM a\n");

        Assert.Equal(
            [
                new Directive("syntax", "docker/dockerfile:1.7", 1),
                new Directive("escape", "`", 2),
                new Directive("check", "skip=JSONArgsRecommended;error=true", 3),
            ],
            syntax.Directives);
        Assert.Equal('`', syntax.EscapeChar);
        Assert.Equal(5, Assert.Single(syntax.Instructions).StartLine);
    }

    [Fact]
    public void Directive_after_a_comment_is_a_comment()
    {
        // From BuildKit's testfiles/escape-after-comment.
        var syntax = DockerfileParser.Parse("# Comment here.\n# escape = `\n\nFROM image\nENV GOPATH \\\n\\go");

        Assert.Empty(syntax.Directives);
        Assert.Equal('\\', syntax.EscapeChar);
        Assert.Equal(@"GOPATH \go", syntax.Instructions[1].Rest);
    }

    [Theory]
    [InlineData("\n# escape=`\nFROM a")] // empty line first
    [InlineData("FROM a\n# escape=`\nRUN x")] // after an instruction
    [InlineData("# unknown=1\n# escape=`\nFROM a")] // unknown directive is a comment and ends the run
    [InlineData("#\n# escape=`\nFROM a")]
    [InlineData("# escape\n# syntax=x\nFROM a")]
    public void Directive_lookalikes_after_the_top_are_comments(string text)
    {
        var syntax = DockerfileParser.Parse(text);

        Assert.Empty(syntax.Directives);
        Assert.Equal('\\', syntax.EscapeChar);
    }

    [Fact]
    public void Indented_directive_counts()
    {
        var syntax = DockerfileParser.Parse("   # escape=`\nFROM a");

        Assert.Equal('`', syntax.EscapeChar);
    }

    [Fact]
    public void Directive_works_after_a_byte_order_mark()
    {
        var syntax = DockerfileParser.Parse("\uFEFF# syntax=docker/dockerfile:1\nFROM a");

        Assert.Equal("docker/dockerfile:1", Assert.Single(syntax.Directives).Value);
    }

    [Theory]
    [InlineData("# escape=`\n# escape=\\\nFROM a", 2, "only one escape parser directive can be used")]
    [InlineData("# syntax=a\n# check=x\n# SYNTAX=b\nFROM a", 3, "only one syntax parser directive can be used")]
    public void Repeated_directive_is_an_error(string text, int line, string cause)
    {
        var error = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse(text));

        Assert.Equal((line, cause), (error.Line, error.Cause));
    }

    [Theory]
    [InlineData("# escape=x", "x")]
    [InlineData("# escape=\\\\", "\\\\")]
    [InlineData("# escape=``", "``")]
    [InlineData("# escape=   ", " ")]
    public void Invalid_escape_value_is_an_error(string directive, string shown)
    {
        var error = Assert.Throws<DockerfileException>(() => DockerfileParser.Parse("# syntax=s\n" + directive + "\nFROM a"));

        Assert.Equal(2, error.Line);
        Assert.Equal($"invalid escape character '{shown}': it must be \\ or `", error.Cause);
    }
}
