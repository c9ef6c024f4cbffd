using System.Diagnostics;
using System.Text;
using Hoist.Dockerfile.Expansion;

namespace Hoist.Tests.Dockerfile.Expansion;

/// <summary>Any input either expands or fails with an ExpansionException, promptly.</summary>
public sealed class ShellWordExpanderRobustnessTests
{
    private static readonly string[] Pieces =
    [
        "$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "\\", "`", "'", "\"", "<", "<<", " ", "\t", "\n", "*", "[", "]",
        "=", "@", "!", "0", "1", "A", "B", "EMPTY", "_", "a", "é", "🚀", "\uD800", "\uDC00", "\0", "${", "${A", "${A:-",
        "${A#", "${A//", "$A", "${B:?", "'x'", "\"$A\"",
    ];

    private static readonly Dictionary<string, string> Variables = new()
    {
        ["A"] = "a*b?c\\d",
        ["B"] = "",
        ["EMPTY"] = "",
        ["_"] = "under score",
        ["1"] = "one",
        ["é"] = "🚀\n🚀",
    };

    [Theory]
    [InlineData('\\', 424242)]
    [InlineData('`', 171717)]
    public void Random_words_only_ever_throw_expansion_errors(char escape, int seed)
    {
        var expander = new ShellWordExpander(escape);
        var random = new Random(seed);
        var builder = new StringBuilder();
        int expanded = 0, failed = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var round = 0; round < 50_000; round++)
        {
            builder.Clear();
            var pieces = random.Next(1, 16);
            for (var i = 0; i < pieces; i++) builder.Append(Pieces[random.Next(Pieces.Length)]);
            var word = builder.ToString();
            try
            {
                var result = expander.ExpandWordWithMatches(word, Variables);
                Assert.Equal(result.Value, expander.ExpandWord(word, Variables));
                Assert.All(expander.ExpandWords(word, Variables), w => Assert.NotEqual("", w));
                expanded++;
            }
            catch (ExpansionException e)
            {
                Assert.StartsWith("failed to process \"", e.Message, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', e.Message);
                // Words and word lists fail alike: both run the same lexer.
                Assert.Throws<ExpansionException>(() => expander.ExpandWords(word, Variables));
                failed++;
            }
        }
        // Both outcomes must be exercised for the test to mean anything.
        Assert.True(expanded > 5_000 && failed > 5_000, $"expanded {expanded}, failed {failed}");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Long_input_is_expanded_in_proportional_time()
    {
        var variables = new Dictionary<string, string> { ["V"] = new string('x', 100), ["P"] = "x*" };
        var word = string.Concat(Enumerable.Repeat("a\\ 'b' \"$V\" ${V:-$V} ${V#$P} ${V//x/y} <<  ", 1_000));
        var expander = new ShellWordExpander();
        var stopwatch = Stopwatch.StartNew();
        var value = expander.ExpandWord(word, variables);
        var words = expander.ExpandWords(word, variables);
        // "a" + escaped space + "b", " ", V, " ", V, " ", V without its first x, " ", V with y for x, " ", "<<  "
        Assert.Equal(1_000 * (2 + 1 + 1 + 100 + 1 + 100 + 1 + 99 + 1 + 100 + 1 + 4), value.Length);
        // "<<  " joins the next repetition's first word; the last one stands alone.
        Assert.Equal(1_000 * 5 + 1, words.Count);
        Assert.Equal("<<  a b", words[5]);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
    }
}
