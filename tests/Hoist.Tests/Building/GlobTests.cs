using Hoist.Building.Context;

namespace Hoist.Tests.Building;

/// <summary>COPY source wildcards follow Go's filepath.Match: no <c>**</c>, nothing crosses a slash.</summary>
public sealed class GlobTests
{
    [Theory]
    [InlineData("*.c", "main.c", true)]
    [InlineData("*.c", "dir/main.c", false)]
    [InlineData("dir/*", "dir/x", true)]
    [InlineData("[a-c]?", "b1", true)]
    [InlineData("[a-c]?", "d1", false)]
    [InlineData("[^a-c]?", "d1", true)]
    [InlineData("arr[[]0].txt", "arr[0].txt", true)]
    [InlineData("index.?s", "index.ts", true)]
    [InlineData("a\\*", "a*", true)]
    [InlineData("a\\*", "ab", false)]
    [InlineData("**", "a/b", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("[\\]]", "]", true)]
    public void Matches_like_filepath_Match(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, Glob.Parse(pattern).IsMatch(name));
    }

    [Theory]
    [InlineData("plain/path.txt", false)]
    [InlineData("*.txt", true)]
    [InlineData("a?", true)]
    [InlineData("[ab]", true)]
    [InlineData("a\\*b", false)]
    public void Detects_wildcards_but_not_escaped_ones(string text, bool expected)
    {
        Assert.Equal(expected, Glob.ContainsWildcards(text));
    }

    [Fact]
    public void Rejects_an_unclosed_class()
    {
        Assert.Throws<HoistException>(() => Glob.Parse("a[b"));
    }

    [Fact]
    public async Task A_pathological_source_wildcard_is_matched_in_linear_time()
    {
        // COPY sources come from the Dockerfile; the backtracking engine took exponential time on this one.
        var glob = Glob.Parse(string.Concat(Enumerable.Repeat("*a", 30)) + "b");

        var match = Task.Run(() => glob.IsMatch(new string('a', 4000)));

        Assert.Same(match, await Task.WhenAny(match, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.False(await match);
    }
}
