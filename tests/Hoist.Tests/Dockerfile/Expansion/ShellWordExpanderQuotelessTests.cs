using Hoist.Dockerfile.Expansion;

namespace Hoist.Tests.Dockerfile.Expansion;

/// <summary>With quotes off (COPY/ADD heredoc bodies), quotes are content but variables and escapes still expand.</summary>
public sealed class ShellWordExpanderQuotelessTests
{
    private static readonly Dictionary<string, string> Env = new() { ["HOME"] = "/root", ["SPACE"] = "a b" };

    private static readonly ShellWordExpander Expander = new() { ProcessQuotes = false };

    [Theory]
    [InlineData("echo \"$HOME\" '$HOME'", "echo \"/root\" '/root'")]
    [InlineData(@"\$HOME \\ \'", @"$HOME \ '")]
    [InlineData("it's", "it's")]
    [InlineData("\"unterminated", "\"unterminated")]
    [InlineData("${NOPE:-'x y'}", "'x y'")]
    [InlineData("${NOPE:-\"}\"}", "\"\"}")] // a quote no longer protects the closing brace
    [InlineData("line1\nline2 $HOME\n", "line1\nline2 /root\n")]
    public void Quotes_are_content(string text, string expected) => Assert.Equal(expected, Expander.ExpandWord(text, Env));

    [Fact]
    public void Words_split_at_quoted_spaces_too() =>
        Assert.Equal(["\"a", "b\"", "a", "b"], Expander.ExpandWords("\"a b\" $SPACE", Env));

    [Fact]
    public void Quotes_are_processed_by_default() => Assert.True(new ShellWordExpander().ProcessQuotes);
}
