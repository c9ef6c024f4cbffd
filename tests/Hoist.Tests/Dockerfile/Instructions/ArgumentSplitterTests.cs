using CsCheck;
using Hoist.Dockerfile.Instructions;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary>BuildKit's parseWords and JSON detection, which decide how ENV, LABEL, ARG and the exec forms split.</summary>
public sealed class ArgumentSplitterTests
{
    [Fact]
    public void Plain_words_separated_by_any_whitespace_come_back_unchanged()
    {
        Gen.String[Gen.Char["abcXYZ019_=$/.:-{}"], 1, 8].Array[1, 6]
            .Select(Gen.Int[0, 2])
            .Sample(t =>
            {
                var (words, separator) = t;
                var text = string.Join(separator switch { 0 => " ", 1 => "\t", _ => "  \t " }, words);
                Assert.Equal(words, ArgumentSplitter.Words(text, '\\'));
            });
    }

    [Theory]
    [InlineData("a \"b c\" d", new[] { "a", "\"b c\"", "d" })]
    [InlineData("a='b \"c' d", new[] { "a='b \"c'", "d" })]
    [InlineData("\"\" x", new[] { "\"\"", "x" })]
    [InlineData(@"a\ b c", new[] { @"a\ b", "c" })]
    [InlineData(@"""a \"" b"" c", new[] { @"""a \"" b""", "c" })]
    [InlineData(@"'a \' b", new[] { @"'a \'", "b" })]
    [InlineData(@"end\", new[] { "end" })]
    [InlineData("  lead  trail  ", new[] { "lead", "trail" })]
    public void Quotes_and_escapes_keep_words_together_and_stay_in_them(string text, string[] expected)
    {
        Assert.Equal(expected, ArgumentSplitter.Words(text, '\\'));
    }

    [Fact]
    public void Backslash_is_ordinary_when_the_escape_char_is_a_backtick()
    {
        Assert.Equal([@"C:\a", "b` c"], ArgumentSplitter.Words(@"C:\a b` c", '`'));
    }

    [Theory]
    [InlineData("[\"a\", \"b\"]", new[] { "a", "b" })]
    [InlineData("  [ ]", new string[0])]
    [InlineData("[\"\\u0041\\n\"]", new[] { "A\n" })]
    public void Json_string_arrays(string text, string[] expected)
    {
        Assert.Equal(expected, ArgumentSplitter.TryParseJsonArray(text));
    }

    [Theory]
    [InlineData("echo [\"a\"]")]
    [InlineData("[\"a\",]")]
    [InlineData("['a']")]
    [InlineData("[\"a\"] [\"b\"]")]
    public void Other_text_is_not_json(string text) => Assert.Null(ArgumentSplitter.TryParseJsonArray(text));

    [Theory]
    [InlineData("<<EOF", true)]
    [InlineData("<<-EOF", true)]
    [InlineData("<<'EOF'", true)]
    [InlineData("3<<EOF", true)]
    [InlineData("<<", false)]
    [InlineData("a<<EOF", false)]
    [InlineData("file.txt", false)]
    public void Heredoc_words(string word, bool expected) => Assert.Equal(expected, ArgumentSplitter.IsHeredocWord(word));
}
