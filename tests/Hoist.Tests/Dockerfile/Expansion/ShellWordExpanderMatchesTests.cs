using Hoist.Dockerfile.Expansion;

namespace Hoist.Tests.Dockerfile.Expansion;

/// <summary>ExpandWordWithMatches: which names were looked up and found, and which were looked up but unset.</summary>
public sealed class ShellWordExpanderMatchesTests
{
    private static readonly ShellWordExpander Expander = new();

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // word, variables (NAME=value;...), expected value, matched (comma list), unmatched (comma list)
        { "x", "DUMMY=dummy", "x", "", "" },
        { "x ${UNUSED}", "DUMMY=dummy", "x ", "", "UNUSED" },
        { "x ${FOO}", "FOO=y", "x y", "FOO", "" },
        { "${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", "FOO=xxx;BAR=", "xxx  ccc", "BAR,FOO", "BAZ" },
        { "${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", "FOO=xxx;BAR=", "xxx bbb ccc", "BAR,FOO", "BAZ" },
        { "${FOO:-}", "FOO=xxx;BAR=", "xxx", "FOO", "" },
        { "${FOO:-}", "", "", "", "FOO" },
        { "${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", "FOO=xxx;BAR=", "aaa bbb ", "BAR,FOO", "BAZ" },
        { "${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", "FOO=xxx;BAR=", "aaa  ", "BAR,FOO", "BAZ" },
        { "${FOO?aaa}", "FOO=xxx;BAR=", "xxx", "FOO", "" },
        { "${BAR?bbb}", "FOO=xxx;BAR=", "", "BAR", "" },
        { "${FOO:?aaa}", "FOO=xxx;BAR=", "xxx", "FOO", "" },
        { "${FOO#$BAR}", "FOO=xxyy;BAR=x", "xyy", "BAR,FOO", "" },
        { "${FOO#$BAR}", "FOO=xxyy;BAR=", "xxyy", "BAR,FOO", "" },
        { "${ABC:-.}${FOO%x}${ABC:-.}", "FOO=xxyy", ".xxyy.", "FOO", "ABC" },
        { "${FOO%%$BAR}", "FOO=xxyy;BAR=", "xxyy", "BAR,FOO", "" },
        { "${FOO/$NEEDLE/$R} - ${FOO//$NEEDLE/$R}", "FOO=/a/foo/b/c.txt;NEEDLE=/?/;R=/", "/foo/b/c.txt - /foo/c.txt", "FOO,NEEDLE,R", "" },
        { "${FOO/$BAR/ww}", "FOO=xxyy;BAR=", "wwxxyy", "BAR,FOO", "" },
        { "${FOO///}", "FOO=xxyy", "xxyy", "FOO", "" },
        { "${FOO///}", "", "", "", "FOO" },
        // The word part is expanded even when its value is not used, so its names count too.
        { "${FOO:-$BAR}", "FOO=set", "set", "FOO", "BAR" },
        { "${FOO:+$BAR}", "", "", "", "BAR,FOO" },
        { "'$QUOTED' \\$ESCAPED \"$DOUBLE\"", "DOUBLE=d", "$QUOTED $ESCAPED d", "DOUBLE", "" },
        { "$1 $@ ${#}", "", "  ", "", "#,1,@" },
        { "$foo $FOO", "FOO=up", " up", "FOO", "foo" }, // case-sensitive
        { "$A$A${A}", "A=a", "aaa", "A", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_found_and_unset_names(string word, string variables, string value, string matched, string unmatched)
    {
        var result = Expander.ExpandWordWithMatches(word, Parse(variables));
        Assert.Equal(value, result.Value);
        Assert.Equal(List(matched), result.Matched.Order(StringComparer.Ordinal));
        Assert.Equal(List(unmatched), result.Unmatched.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("${BAZ?ccc}", "BAZ: ccc")]
    [InlineData("${BAR:?bbb}", "BAR: bbb")]
    [InlineData("${BAZ:?ccc}", "BAZ: ccc")]
    [InlineData("${BAZ:?}", "BAZ: is not allowed to be unset")]
    [InlineData("${BAR:?}", "BAR: is not allowed to be empty")]
    [InlineData("${FOO=aaa}", "unsupported modifier (=)")]
    [InlineData("${FOO=:aaa}", "unsupported modifier (=)")]
    [InlineData("${FOO//ww}", "missing '/'")]
    [InlineData("${FOO//}", "missing '/'")]
    public void Failures_throw(string word, string cause)
    {
        var error = Assert.Throws<ExpansionException>(() => Expander.ExpandWordWithMatches(word, Parse("FOO=xxx;BAR=")));
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandWord_gives_the_same_value()
    {
        var variables = Parse("A=1;B=");
        const string word = "${A}-${B:-b}-${C-c}";
        Assert.Equal(Expander.ExpandWordWithMatches(word, variables).Value, Expander.ExpandWord(word, variables));
        Assert.Equal("1-b-c", Expander.ExpandWord(word, variables));
    }

    private static Dictionary<string, string> Parse(string variables) =>
        variables.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    private static string[] List(string names) => names.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
