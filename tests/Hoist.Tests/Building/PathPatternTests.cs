using Hoist.Building.Context;

namespace Hoist.Tests.Building;

/// <summary>
/// .dockerignore / --exclude pattern matching. The cases restate moby/patternmatcher's behaviour (its test table and
/// Go's filepath.Match table) and the Docker documentation as our own specification.
/// </summary>
public sealed class PathPatternTests
{
    public static TheoryData<string, string, bool> SinglePatterns => new()
    {
        { "*", "fileutils.go", true },
        { "*.go", "fileutils.go", true },
        { "*.log", "src/x.log", false },
        { "**/*.log", "src/x.log", true },
        { "**", "file", true },
        { "**", "dir/file", true },
        { "**/", "file", true },
        { "**/**", "dir/file", true },
        { "dir/**", "dir/file", true },
        { "dir/**", "dir/dir2/file", true },
        { "**/dir", "dir", true },
        { "**/dir", "dir/file", true },
        { "**/dir2/*", "dir/dir2/file", true },
        { "**/dir2/**", "dir/dir2/dir3/file", true },
        { "**file", "file", true },
        { "**file", "dir/file", true },
        { "**/file", "dir/dir/file", true },
        { "**/file*", "dir/dir/file.txt", true },
        { "**/file*txt", "dir/dir/file.txt", true },
        { "**/file*.txt*", "dir/dir/file.txt", true },
        { "**/**/*.txt", "dir/dir/file.txt", true },
        { "**/**/*.txt2", "dir/dir/file.txt", false },
        { "**/*.txt", "file.txt", true },
        { "**/**/*.txt", "file.txt", true },
        { "a**/*.txt", "a/file.txt", true },
        { "a**/*.txt", "a/dir/dir/file.txt", true },
        { "a/*.txt", "a/dir/file.txt", false },
        { "a/*.txt", "a/file.txt", true },
        { "a/*.txt**", "a/file.txt", true },
        { "a[b-d]e", "ae", false },
        { "a[b-d]e", "ace", true },
        { "a[b-d]e", "aae", false },
        { "a[^b-d]e", "aze", true },
        { ".*", ".foo", true },
        { ".*", "foo", false },
        { "abc.def", "abcdef", false },
        { "abc.def", "abc.def", true },
        { "abc.def", "abcZdef", false },
        { "abc?def", "abcZdef", true },
        { "abc?def", "abcdef", false },
        { "a\\\\", "a\\", true },
        { "a\\*b", "a*b", true },
        { "a\\*b", "ab", false },
        { "**/foo/bar", "foo/bar", true },
        { "**/foo/bar", "dir/dir2/foo/bar", true },
        { "abc/**", "abc", false },
        { "abc/**", "abc/def/ghi", true },
        { "**/.foo", ".foo", true },
        { "**/.foo", "bar.foo", false },
        { "a(b)c/def", "a(b)c/def", true },
        { "a(b)c/def", "a(b)c/xyz", false },
        { "a.|)$(}+{bc", "a.|)$(}+{bc", true },
        { "dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true },
        // A pattern matching a parent directory matches everything inside it.
        { "a*", "ab/c", true },
        { "docs", "docs/README.md", true },
        { "docs/", "docs/README.md", true },
        { "a*/b", "abc/b", true },
        { "a*/b", "a/c/b", false },
        { "a*b*c*d*e*/f", "axbxcxdxexxx/f", true },
        { "a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false },
        { "a*b?c*x", "abxbbxdbxebxczzx", true },
        { "a*b?c*x", "abxbbxdbxebxczzy", false },
        { "ab[^c]", "abc", false },
        { "ab[^e-g]", "abc", true },
        { "a?b", "a☺b", true },
        { "a???b", "a☺b", false },
        { "[a-ζ]*", "α", true },
        { "*[a-ζ]", "A", false },
        { "a?b", "a/b", false },
        { "a*b", "a/b", false },
        { "[\\]a]", "]", true },
        { "[\\-]", "-", true },
        { "[x\\-]", "-", true },
        { "[x\\-]", "z", false },
        { "*x", "xxx", true },
        // Cleaning: "./a" is "a", "a/../b" is "b", trailing slashes go.
        { "./a", "a", true },
        { "a/../b", "b", true },
        { "b//c/", "b/c", true },
        // Go's "$" does not accept a trailing newline.
        { "a", "a\n", false },
        { "a*", "a\n", true },
    };

    [Theory]
    [MemberData(nameof(SinglePatterns))]
    public void Single_pattern_matches_like_patternmatcher(string pattern, string path, bool expected)
    {
        var set = PathPatternSet.Parse([pattern]);
        Assert.Equal(expected, set.Matches(path));
    }

    public static TheoryData<string[], string, bool> PatternLists => new()
    {
        { ["!fileutils.go", "*.go"], "fileutils.go", true },
        { ["*.go", "!fileutils.go"], "fileutils.go", false },
        { ["docs", "!docs/README.md"], "docs/README.md", false },
        { ["docs/", "!docs/README.md"], "docs/README.md", false },
        { ["docs/*", "!docs/README.md"], "docs/README.md", false },
        { ["docs", "!docs/README.md"], "docs/other.md", true },
        { ["**", "!util/docker/web"], "util/docker/web/foo", false },
        { ["**", "!util/docker/web", "util/docker/web/foo"], "util/docker/web/foo", true },
        { ["**", "!dist/*.whl"], "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false },
        // Later patterns win, both ways.
        { ["*.md", "!README*.md", "README-secret.md"], "README-secret.md", true },
        { ["*.md", "README-secret.md", "!README*.md"], "README-secret.md", false },
        { [], "anything", false },
        { ["", "  "], "anything", false },
    };

    [Theory]
    [MemberData(nameof(PatternLists))]
    public void Later_patterns_win(string[] patterns, string path, bool expected)
    {
        Assert.Equal(expected, PathPatternSet.Parse(patterns).Matches(path));
    }

    [Fact]
    public void The_root_itself_is_never_matched()
    {
        Assert.False(PathPatternSet.Parse(["*", "**"]).Matches("."));
    }

    [Theory]
    [InlineData("[")]
    [InlineData("[^")]
    [InlineData("[^bc")]
    [InlineData("a[")]
    [InlineData("[]a]")]
    [InlineData("[-]")]
    [InlineData("[x-]")]
    [InlineData("[-x]")]
    [InlineData("\\")]
    [InlineData("[a-b-c]")]
    [InlineData("[z-a]")]
    public void Malformed_patterns_are_rejected(string pattern)
    {
        var error = Assert.Throws<HoistException>(() => PathPattern.Parse(pattern));
        Assert.Contains("syntax error in pattern", error.Message);
    }

    [Fact]
    public void A_lone_exclamation_mark_is_illegal()
    {
        var error = Assert.Throws<HoistException>(() => PathPattern.Parse("!"));
        Assert.Equal("illegal exclusion pattern: \"!\"", error.Message);
    }

    [Fact]
    public void Exceptions_are_flagged_and_trimmed()
    {
        var pattern = PathPattern.Parse("  !docs/README.md  ")!;
        Assert.True(pattern.IsException);
        Assert.Equal("docs/README.md", pattern.Text);
        Assert.True(PathPatternSet.Parse(["docs", "  !docs/README.md"]).HasExceptions);
    }

    [Theory]
    [InlineData(new[] { "docs" }, "docs", false)]
    [InlineData(new[] { "docs", "!docs/README.md" }, "docs", true)]
    [InlineData(new[] { "docs", "!docs/README.md" }, "other", false)]
    [InlineData(new[] { "docs", "!docs/api/**" }, "docs/api", true)]
    [InlineData(new[] { "docs", "!**/*.md" }, "anything", true)]
    public void Walk_descends_into_an_excluded_directory_only_when_an_exception_could_match_inside(string[] patterns, string directory, bool expected)
    {
        Assert.Equal(expected, PathPatternSet.Parse(patterns).MayReincludeBelow(directory));
    }

    [Theory]
    [InlineData("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b")]
    [InlineData("**/a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b")]
    [InlineData("a?a?a?a?*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b")]
    public async Task A_pathological_pattern_is_matched_in_linear_time(string pattern)
    {
        // A .dockerignore line belongs to the context: with the backtracking engine this one pattern against one long
        // name ran for hours (a build hung at its COPY).
        var parsed = PathPattern.Parse(pattern)!;
        var name = new string('a', 4000);

        var match = Task.Run(() => parsed.Matches(name) || parsed.Matches("d/" + name));

        Assert.Same(match, await Task.WhenAny(match, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.False(await match);
    }
}
