using Hoist.Dockerfile.Expansion;

namespace Hoist.Tests.Dockerfile.Expansion;

/// <summary>ExpandWords as a specification of BuildKit's ProcessWords: expansion first, then splitting.</summary>
public sealed class ShellWordExpanderWordsTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["hi"] = "hi",
        ["space"] = "abc  def",
        ["leading"] = "  ab c",
        ["trailing"] = "ab c   ",
        ["tabs"] = "a\tb\nc",
        ["empty"] = "",
    };

    private static readonly ShellWordExpander Expander = new();

    [Theory]
    [InlineData("hello", new[] { "hello" })]
    [InlineData("hello${nothing}bye", new[] { "hellobye" })]
    [InlineData("hello${hi}bye", new[] { "hellohibye" })]
    [InlineData("hello${space}bye", new[] { "helloabc", "defbye" })]
    [InlineData("hello\"${space}\"bye", new[] { "helloabc  defbye" })]
    [InlineData("hello \"${space}\"bye", new[] { "hello", "abc  defbye" })]
    [InlineData("hello${leading}def", new[] { "hello", "ab", "cdef" })]
    [InlineData("hello\"${leading}\" def", new[] { "hello  ab c", "def" })]
    [InlineData("hello\"${leading}\"", new[] { "hello  ab c" })]
    [InlineData("hello${leading}", new[] { "hello", "ab", "c" })]
    [InlineData("hello${trailing}", new[] { "helloab", "c" })]
    [InlineData("hello${trailing}d", new[] { "helloab", "c", "d" })]
    [InlineData("hello\"${trailing}\"d", new[] { "helloab c   d" })]
    [InlineData("hel\"lo${trailing}\"", new[] { "helloab c   " })]
    [InlineData("hello\" there  \"", new[] { "hello there  " })]
    [InlineData("hello there     ", new[] { "hello", "there" })]
    [InlineData("  hello   there", new[] { "hello", "there" })]
    [InlineData(@"hello\ there", new[] { "hello there" })]
    [InlineData(@"hello\"" there", new[] { @"hello""", "there" })]
    [InlineData(@"hello""\\there""", new[] { @"hello\there" })]
    [InlineData(@"hello""\there""", new[] { @"hello\there" })]
    [InlineData(@"hello'\\there'", new[] { @"hello\\there" })]
    [InlineData(@"hello'\there'", new[] { @"hello\there" })]
    [InlineData("hello'$there'", new[] { "hello$there" })]
    [InlineData("a\tb\nc\r\nd", new[] { "a", "b", "c", "d" })]
    [InlineData("x${tabs}y", new[] { "xa", "b", "cy" })]
    [InlineData("'x${tabs}y'", new[] { "x${tabs}y" })]
    [InlineData("\"${tabs}\"", new[] { "a\tb\nc" })]
    [InlineData("", new string[0])]
    [InlineData("   ", new string[0])]
    [InlineData("\"\"", new string[0])] // an empty quoted string alone makes no word
    [InlineData("'' ''", new string[0])]
    [InlineData("a \"\" b", new[] { "a", "b" })]
    [InlineData("\"\"a", new[] { "a" })]
    [InlineData("$empty", new string[0])]
    [InlineData("a${empty}b", new[] { "ab" })]
    [InlineData("\" \"", new[] { " " })]
    [InlineData(@"\ ", new[] { " " })]
    [InlineData("80/tcp ${ports:-443 8080}", new[] { "80/tcp", "443", "8080" })]
    // BuildKit since mid-2024 drops the "a" in these two (its nested scan resets a shared word buffer); we keep it.
    [InlineData("a${x:-1 2}b", new[] { "a1", "2b" })]
    [InlineData("a\"${x:-1 2}\"b", new[] { "a1 2b" })]
    [InlineData("cat <<EOF", new[] { "cat", "<<EOF" })]
    [InlineData("cat << EOF >out", new[] { "cat", "<< EOF", ">out" })] // BuildKit keeps a heredoc marker with its word
    [InlineData("cat <<\t-EOF", new[] { "cat", "<<\t-EOF" })]
    [InlineData("a < b", new[] { "a", "<", "b" })]
    [InlineData("x\u00A0y\u3000z", new[] { "x", "y", "z" })] // Unicode white space splits, as Go's unicode.IsSpace
    public void Splits_after_expansion(string text, string[] expected) =>
        Assert.Equal(expected, Expander.ExpandWords(text, Env));

    [Theory]
    [InlineData("hello\" there")]
    [InlineData("a ${b")]
    [InlineData("${x:?no}")]
    public void Errors_are_expansion_errors(string text) =>
        Assert.Throws<ExpansionException>(() => Expander.ExpandWords(text, Env));

    [Fact]
    public void ExpandWord_keeps_white_space_that_ExpandWords_splits()
    {
        const string text = "  a  ${space} \"q  q\" ";
        Assert.Equal("  a  abc  def q  q ", Expander.ExpandWord(text, Env));
        Assert.Equal(["a", "abc", "def", "q  q"], Expander.ExpandWords(text, Env));
    }
}
