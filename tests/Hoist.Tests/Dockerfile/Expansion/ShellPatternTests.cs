using System.Text;
using System.Text.RegularExpressions;
using Hoist.Dockerfile.Expansion;

namespace Hoist.Tests.Dockerfile.Expansion;

/// <summary>
/// ShellPattern against an independent oracle: .NET's backtracking regular expressions with Go's leftmost-first
/// priority (which BuildKit relies on), and brute force over every prefix or suffix.
/// </summary>
public sealed class ShellPatternTests
{
    private const string PatternAlphabet = "ab*?\n";
    private const string ValueAlphabet = "ab\n*?";

    [Theory]
    [InlineData(@"\")]
    [InlineData(@"\x")]
    [InlineData(@"\\\")]
    [InlineData(@"a\b")]
    [InlineData(@"\[")]
    public void Invalid_escapes_are_rejected(string pattern)
    {
        var error = Assert.Throws<ExpansionException>(() => ShellPattern.Parse(pattern));
        Assert.StartsWith($"invalid pattern ({pattern}) in substitution: invalid escape '\\", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"\*", "*a", "a")]
    [InlineData(@"\?", "?a", "a")]
    [InlineData(@"\\", @"\a", "a")]
    [InlineData(@"\}", "}a", "a")]
    [InlineData(@"\/", "/a", "a")]
    [InlineData("(a|b)+", "(a|b)+c", "c")]
    [InlineData("^$.", "^$.c", "c")]
    public void Escapes_and_regex_characters_are_literal(string pattern, string value, string expected) =>
        Assert.Equal(expected, ShellPattern.Parse(pattern).TrimPrefix(value, longest: false));

    [Fact]
    public void Prefix_and_suffix_removal_agree_with_brute_force()
    {
        var random = new Random(20240620);
        for (var round = 0; round < 4000; round++)
        {
            var pattern = RandomString(random, PatternAlphabet, random.Next(0, 6));
            var value = RandomString(random, ValueAlphabet, random.Next(0, 9));
            var shell = ShellPattern.Parse(pattern);
            var whole = new Regex("^" + ToRegex(pattern, greedy: true) + @"\z", RegexOptions.CultureInvariant);

            var prefixes = Enumerable.Range(0, value.Length + 1).Where(n => whole.IsMatch(value[..n])).ToList();
            var suffixes = Enumerable.Range(0, value.Length + 1).Where(n => whole.IsMatch(value[(value.Length - n)..])).ToList();
            var context = $"pattern {Show(pattern)} value {Show(value)}";

            Assert.True(Expected(prefixes, n => value[n..], shortest: true) == shell.TrimPrefix(value, longest: false), context);
            Assert.True(Expected(prefixes, n => value[n..], shortest: false) == shell.TrimPrefix(value, longest: true), context);
            Assert.True(Expected(suffixes, n => value[..(value.Length - n)], shortest: true) == shell.TrimSuffix(value, longest: false), context);
            Assert.True(Expected(suffixes, n => value[..(value.Length - n)], shortest: false) == shell.TrimSuffix(value, longest: true), context);

            string Expected(List<int> lengths, Func<int, string> remove, bool shortest) =>
                lengths.Count == 0 ? value : remove(shortest ? lengths[0] : lengths[^1]);
        }
    }

    [Fact]
    public void Replacement_agrees_with_leftmost_first_regex_search()
    {
        var random = new Random(7);
        for (var round = 0; round < 4000; round++)
        {
            var pattern = RandomString(random, PatternAlphabet, random.Next(0, 5));
            var value = RandomString(random, ValueAlphabet, random.Next(0, 9));
            var shell = ShellPattern.Parse(pattern);
            var regex = new Regex(ToRegex(pattern, greedy: true), RegexOptions.CultureInvariant);
            var context = $"pattern {Show(pattern)} value {Show(value)}";

            var first = regex.Match(value);
            var expectedFirst = first.Success ? value[..first.Index] + "<>" + value[(first.Index + first.Length)..] : value;
            Assert.True(expectedFirst == shell.ReplaceFirst(value, "<>"), context);
            Assert.True(GoReplaceAll(regex, value, "<>") == shell.ReplaceAll(value, "<>"), context);
        }
    }

    [Fact]
    public void Long_values_and_patterns_are_matched_in_proportional_time()
    {
        var value = new string('a', 50_000);
        var pattern = ShellPattern.Parse(string.Concat(Enumerable.Repeat("*a", 50)) + "b");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(value, pattern.TrimPrefix(value, longest: true));
        Assert.Equal(value, pattern.TrimSuffix(value, longest: false));
        Assert.Equal(value, pattern.ReplaceAll(value, "x"));
        Assert.Equal("x", ShellPattern.Parse("*").ReplaceAll(value, "x"));
        Assert.Equal(new string('x', 50_000), ShellPattern.Parse("a").ReplaceAll(value, "x"));
        // A backtracking matcher needs on the order of n^50 steps here; the simulation needs n × 101.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
    }

    /// <summary>Go's Regexp.ReplaceAllString loop, with a literal replacement.</summary>
    private static string GoReplaceAll(Regex regex, string value, string replacement)
    {
        var result = new StringBuilder();
        int lastMatchEnd = 0, searchFrom = 0;
        while (searchFrom <= value.Length)
        {
            var match = regex.Match(value, searchFrom);
            if (!match.Success) break;
            var end = match.Index + match.Length;
            result.Append(value, lastMatchEnd, match.Index - lastMatchEnd);
            if (end > lastMatchEnd || match.Index == 0) result.Append(replacement);
            lastMatchEnd = end;
            searchFrom = Math.Max(end, searchFrom + 1);
        }
        return result.Append(value, lastMatchEnd, value.Length - lastMatchEnd).ToString();
    }

    private static string ToRegex(string pattern, bool greedy)
    {
        var regex = new StringBuilder();
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => greedy ? ".*" : ".*?",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        return regex.ToString();
    }

    private static string RandomString(Random random, string alphabet, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);

    private static string Show(string text) => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
