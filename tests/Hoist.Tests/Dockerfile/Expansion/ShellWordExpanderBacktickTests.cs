using Hoist.Dockerfile.Expansion;

namespace Hoist.Tests.Dockerfile.Expansion;

/// <summary>Under <c># escape=`</c> the backtick escapes and the backslash is an ordinary character (Windows paths).</summary>
public sealed class ShellWordExpanderBacktickTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["PWD"] = "/home",
        ["DIR"] = @"C:\app",
        ["STARS"] = "**x",
        ["TICKED"] = "`abc",
        ["SPACE"] = "a b",
    };

    private static readonly ShellWordExpander Expander = new('`');

    [Theory]
    [InlineData(@"C:\Windows\System32", @"C:\Windows\System32")]
    [InlineData(@"a\$PWD", @"a\/home")]
    [InlineData("a`$PWD", "a$PWD")]
    [InlineData("a``b", "a`b")]
    [InlineData("a`b", "ab")]
    [InlineData("ab`", "ab")]
    [InlineData("`'x`'", "'x'")]
    [InlineData(@"""a\""", @"a\")] // a backslash no longer escapes the closing quote
    [InlineData(@"""a`""b""", @"a""b")]
    [InlineData(@"""a`$PWD""", "a$PWD")]
    [InlineData(@"""a``b""", "a`b")]
    [InlineData(@"""a`tb""", "a`tb")] // before other characters the escape stays, as a backslash would
    [InlineData(@"""\$PWD""", @"\/home")]
    [InlineData(@"'a`b'", "a`b")]
    [InlineData(@"$DIR\bin", @"C:\app\bin")]
    [InlineData(@"${DIR}\bin", @"C:\app\bin")]
    [InlineData(@"${NOPE:-C:\default}", @"C:\default")]
    [InlineData("${NOPE:-a`}b}", "a}b")]
    [InlineData(@"${STARS#\*}", "*x")] // patterns always use backslash escapes, whatever the escape directive
    [InlineData(@"${STARS##\*}", "*x")]
    [InlineData("${TICKED#`*}", "abc")] // the backtick is kept in the pattern and is literal there
    [InlineData("${TICKED#`a}", "bc")]
    public void Expands_with_backtick_escapes(string word, string expected) =>
        Assert.Equal(expected, Expander.ExpandWord(word, Env));

    [Fact]
    public void Escaped_space_keeps_a_word_together() =>
        Assert.Equal(["a b", @"c\", "d"], Expander.ExpandWords(@"a` b c\ d", Env));

    [Fact]
    public void Values_split_but_escaped_backslashes_do_not_matter() =>
        Assert.Equal(["x", "a", "b"], Expander.ExpandWords("x $SPACE", Env));

    [Fact]
    public void Unterminated_quote_after_backtick_escape_is_an_error() =>
        Assert.Throws<ExpansionException>(() => Expander.ExpandWord(@"""a`""", Env));

    [Fact]
    public void Escape_character_is_reported() => Assert.Equal('`', Expander.EscapeChar);
}
