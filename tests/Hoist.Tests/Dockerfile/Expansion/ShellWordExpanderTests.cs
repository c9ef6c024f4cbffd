using Hoist.Dockerfile.Expansion;

namespace Hoist.Tests.Dockerfile.Expansion;

/// <summary>
/// ExpandWord as a specification of BuildKit's ProcessWord: quoting, escapes, every ${} form, special parameters,
/// errors. Environment as in BuildKit's own table: PWD=/home, SHELL=bash, KOREAN=한국어, NULL empty.
/// </summary>
public sealed class ShellWordExpanderTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["PWD"] = "/home",
        ["SHELL"] = "bash",
        ["KOREAN"] = "한국어",
        ["NULL"] = "",
    };

    private static readonly ShellWordExpander Expander = new();

    private static string Expand(string word) => Expander.ExpandWord(word, Env);

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("he'll'o", "hello")]
    [InlineData(@"he\'llo", "he'llo")]
    [InlineData(@"abc\tdef", "abctdef")]
    [InlineData(@"""abc\tdef""", @"abc\tdef")]
    [InlineData(@"""abc\\tdef""", @"abc\tdef")]
    [InlineData(@"'abc\tdef'", @"abc\tdef")]
    [InlineData(@"hello\", "hello")]
    [InlineData(@"hello\\", @"hello\")]
    [InlineData(@"""hel'lo""", "hel'lo")]
    [InlineData(@"'hello\'", @"hello\")]
    [InlineData(@"'hello\there'", @"hello\there")]
    [InlineData(@"'hello\\there'", @"hello\\there")]
    [InlineData(@"""''""", "''")]
    [InlineData(@"'""hello""'", @"""hello""")]
    [InlineData("a b  c", "a b  c")]
    [InlineData(@"""a\""b""", @"a""b")]
    [InlineData(@"""a\$b""", "a$b")]
    [InlineData(@"""a\\b""", @"a\b")]
    [InlineData(@"""a\""", "error")]
    [InlineData(@"""\x\'\`""", @"\x\'\`")]
    [InlineData(@"\a\ b", "a b")]
    [InlineData(@"\""", @"""")]
    [InlineData("안'녕'하세요", "안녕하세요")]
    [InlineData(@"안녕\t하세요", "안녕t하세요")]
    [InlineData("🖖'🚀'", "🖖🚀")]
    public void Quotes_and_escapes(string word, string expected) => AssertExpands(word, expected);

    [Theory]
    [InlineData("$.", "$.")]
    [InlineData("he$.x", "he$.x")]
    [InlineData("$", "$")]
    [InlineData("a$", "a$")]
    [InlineData("$ a", "$ a")]
    [InlineData("$/x", "$/x")]
    [InlineData("he$pwd.", "he.")] // case-sensitive, as on Linux
    [InlineData("he$PWD", "he/home")]
    [InlineData("$PWD.x", "/home.x")]
    [InlineData("$PWDx", "")]
    [InlineData(@"he\$PWD", "he$PWD")]
    [InlineData(@"he\\$PWD", @"he\/home")]
    [InlineData(@"""he\$PWD""", "he$PWD")]
    [InlineData(@"""he\\$PWD""", @"he\/home")]
    [InlineData(@"'he\$PWD'", @"he\$PWD")]
    [InlineData("'$PWD'", "$PWD")]
    [InlineData(@"""$PWD""", "/home")]
    [InlineData(@"""he'$PWD'""", "he'/home'")]
    [InlineData("'he${XX}'", "he${XX}")]
    [InlineData(@"\${}", "${}")]
    [InlineData(@"he\${}xx", "he${}xx")]
    [InlineData("he${hi}xx", "hexx")]
    [InlineData("he${PWD}", "he/home")]
    [InlineData("$KOREAN", "한국어")]
    [InlineData("안녕$KOREAN", "안녕한국어")]
    [InlineData("${aaa}}", "}")]
    [InlineData("${PWD}${SHELL}$SHELL$PWD", "/homebashbash/home")]
    [InlineData("$_", "")]
    public void Plain_variables(string word, string expected) => AssertExpands(word, expected);

    [Theory]
    [InlineData("he${XXX:-000}xx", "he000xx")]
    [InlineData("he${PWD:-000}xx", "he/homexx")]
    [InlineData("he${XXX:-$PWD}xx", "he/homexx")]
    [InlineData("he${XXX:-${PWD:-yyy}}xx", "he/homexx")]
    [InlineData("he${XXX:-${YYY:-yyy}}xx", "heyyyxx")]
    [InlineData("${NULL:-d}", "d")]
    [InlineData("${NULL-d}", "")]
    [InlineData("${XXX-d}", "d")]
    [InlineData("${PWD-d}", "/home")]
    [InlineData("he${XXX:+${PWD}}xx", "hexx")]
    [InlineData("he${PWD:+${XXX}}xx", "hexx")]
    [InlineData("he${PWD:+${SHELL}}xx", "hebashxx")]
    [InlineData("he${XXX:+000}xx", "hexx")]
    [InlineData("he${PWD:+000}xx", "he000xx")]
    [InlineData("${NULL:+set}", "")]
    [InlineData("${NULL+set}", "set")]
    [InlineData("${XXX+set}", "")]
    [InlineData("he${PWD?}", "he/home")]
    [InlineData("he${PWD:?}", "he/home")]
    [InlineData("he${NULL?}", "he")]
    [InlineData("he${PWD:+${PWD}:}xx", "he/home:xx")]
    [InlineData(@"he${XXX:-\$PWD:}xx", "he$PWD:xx")]
    [InlineData(@"he${XXX:-\${PWD}z}xx", "he${PWDz}xx")]
    [InlineData("${aaa:-bbb}}", "bbb}")]
    [InlineData("${aaa:-bbb {foo}", "bbb {foo")]
    [InlineData("${aaa:-${bbb:-ccc}}", "ccc")]
    // The closing brace does not close ${ when it is quoted or escaped, and the word part unquotes.
    [InlineData(@"${XXX:-""a}b""}", "a}b")]
    [InlineData(@"${XXX:-'a}b'}", "a}b")]
    [InlineData(@"${XXX:-a\}b}", "a}b")]
    [InlineData(@"${XXX:-a b  c}", "a b  c")]
    [InlineData(@"${XXX:-""$PWD""}", "/home")]
    [InlineData(@"""${XXX:-'x'}""", "x")]
    [InlineData("${XXX:-}", "")]
    [InlineData("${PWD:+}", "")]
    [InlineData(@"${XXX:-a\b}", "ab")]
    public void Default_alternative_and_required_forms(string word, string expected) => AssertExpands(word, expected);

    [Theory]
    [InlineData("$1", "")]
    [InlineData("${1}", "")]
    [InlineData("${1:+bbb}", "")]
    [InlineData("${1:-bbb}", "bbb")]
    [InlineData("he$1x", "hex")]
    [InlineData("$999aaa", "aaa")]
    [InlineData("${999:-bbb}aaa", "bbbaaa")]
    [InlineData("$001aaa", "aaa")]
    [InlineData("${001:+bbb}aaa", "aaa")]
    [InlineData("$@", "")]
    [InlineData("$@@@", "@@")]
    [InlineData("${@:-bbb}aaa", "bbbaaa")]
    [InlineData("$*", "")]
    [InlineData("${*:-bbb}", "bbb")]
    [InlineData("$#", "")]
    [InlineData("${#}", "")]
    [InlineData("${#:-bbb}", "bbb")]
    [InlineData("$?", "")]
    [InlineData("${?:-bbb}", "bbb")]
    [InlineData("$-", "")]
    [InlineData("${-:-bbb}", "bbb")]
    [InlineData("$$", "")]
    [InlineData("$$$", "$")]
    [InlineData("${$:-bbb}", "bbb")]
    [InlineData("$!", "")]
    [InlineData("${!:+bbb}", "")]
    [InlineData("$0", "")]
    [InlineData("${0:-bbb}", "bbb")]
    [InlineData("$1PWD", "PWD")]
    [InlineData("${+x}", "")] // an empty name is looked up (and unset) when a modifier follows ${ directly
    public void Positional_and_special_parameters_are_never_set(string word, string expected) =>
        AssertExpands(word, expected);

    [Fact]
    public void Special_parameters_are_looked_up_by_their_own_name()
    {
        var vars = new Dictionary<string, string> { ["1"] = "one", ["@"] = "all", ["#"] = "count", ["0"] = "zero", ["12"] = "twelve" };
        Assert.Equal("one-all-count-zero-twelve", Expander.ExpandWord("$1-$@-${#}-$0-$12", vars));
    }

    [Theory]
    [InlineData("${PWD#/}", "home")]
    [InlineData("${PWD#*o}", "me")]
    [InlineData("${PWD##*o}", "me")]
    [InlineData("${FOO#*x*y}", "y")]
    [InlineData("${FOO#*}", "xxyy")]
    [InlineData("${FOO##*}", "")]
    [InlineData("${FOO#}", "xxyy")]
    [InlineData("${FOO##}", "xxyy")]
    [InlineData("${FOO##*x}", "yy")]
    [InlineData("${FOO#x}", "xyy")]
    [InlineData("${FOO#y}", "xxyy")]
    [InlineData("${FOO#?}", "xyy")]
    [InlineData("${FOO##??}", "yy")]
    [InlineData("${FOO#$ONE}", "xyy")]
    [InlineData("${FOO#$EMPTY}", "xxyy")]
    [InlineData("${FOO%y}", "xxy")]
    [InlineData("${FOO%x}", "xxyy")]
    [InlineData("${FOO%*y}", "xxy")]
    [InlineData("${FOO%%*y}", "")]
    [InlineData("${FOO%y*}", "xxy")]
    [InlineData("${FOO%%y*}", "xx")]
    [InlineData("${FOO%}", "xxyy")]
    [InlineData("${FOO%%$EMPTY}", "xxyy")]
    [InlineData("${FOO%%x*}", "")]
    [InlineData("${FOO%x*}", "x")]
    [InlineData("${FOO#x*}", "xyy")]
    [InlineData("${FOO##x*}", "")]
    [InlineData("${UNSET#x}", "")]
    [InlineData("${FILE%.*}", "archive.tar")]
    [InlineData("${FILE%%.*}", "archive")]
    [InlineData("${FILE#*.}", "tar.gz")]
    [InlineData("${FILE##*.}", "gz")]
    [InlineData(@"${STARS%%\**}", "xx")]
    [InlineData(@"${ASTAR%%\**\*}", "a")]
    [InlineData(@"${QUESTION#?\?}", "?y")]
    [InlineData(@"${REGEX#()[]{\}^$.\*\?|\\}", "x")] // regular-expression characters are literal
    [InlineData("${BRACKET#[ab]}", "c")] // no bracket expressions: [ab] is literal, as in BuildKit
    [InlineData("${BRACKET#[a]}", "[ab]c")]
    [InlineData("${LINES#*b}", "a\nb")] // wildcards do not match a newline (Go's "." does not)
    [InlineData("${LINES#a?b}", "a\nb")]
    [InlineData("${LINES#a\nb}", "")]
    [InlineData("${LINES%\n*}", "a")]
    [InlineData("${EMOJI#?}", "🚀🖖")] // ? is one character, even outside the BMP
    [InlineData("${EMOJI%?}", "👽🚀")]
    [InlineData("${FOO#\"x*\"}", "xyy")] // quotes are removed from the pattern but * stays a wildcard
    public void Prefix_and_suffix_removal(string word, string expected) =>
        AssertExpands(word, expected, PatternVariables);

    [Theory]
    [InlineData("${FOO/x/z}", "zxyy")]
    [InlineData("${FOO//x/z}", "zzyy")]
    [InlineData("${FOO/y*/z}", "xxz")]
    [InlineData("${FOO/x*y/-}", "-")]
    [InlineData("${FOO/?/-}", "-xyy")]
    [InlineData("${FOO//?/-}", "----")]
    [InlineData("${FOO/q/z}", "xxyy")]
    [InlineData("${FOO/x}", "error")]
    [InlineData("${FOO/x/}", "xyy")]
    [InlineData("${FOO//x/}", "yy")]
    [InlineData("${FOO///}", "xxyy")]
    [InlineData("${UNSET///}", "")]
    [InlineData("${UNSET/x/y}", "")]
    [InlineData("${FOO/$EMPTY/ww}", "wwxxyy")]
    [InlineData("${FOO//$EMPTY/-}", "-x-x-y-y-")] // an empty pattern matches between every character, as Go's ReplaceAll
    [InlineData("${FOO//*/-}", "-")]
    [InlineData("${FOO//y*/-}", "xx-")]
    [InlineData("${FOO//x*/-}", "-")]
    [InlineData("${FOO/x/a/b}", "a/bxyy")] // only the first / separates pattern from replacement
    [InlineData(@"${PATHS//\//\/}", @"\/tmp\/foo.txt")] // the replacement keeps its escapes
    [InlineData(@"${PATHS/\/tmp/}", "/foo.txt")]
    [InlineData("${PATHS/$SLASH_TMP/}", "/foo.txt")]
    [InlineData("${GLOBS/$NEEDLE/.} - ${GLOBS//$NEEDLE/.}", "/foo.*/*.txt - /foo..*.txt")]
    [InlineData("${URL/$HTTP/$HTTPS}", "https://google.de")]
    [InlineData("${ABC/$QSLASH/$SLASH} - ${ABC//$QSLASH/$SLASH}", "/foo/b/c.txt - /foo/c.txt")]
    [InlineData("${LINES//*/-}", "-\n-")]
    [InlineData("${EMOJI//?/.}", "...")]
    // Go expands $0 / ${0} (the match) and $$ in a replace-all replacement; other names expand to nothing.
    [InlineData(@"${FOO//x/[\$0]}", @"[\x][\x]yy")]
    [InlineData("${FOO//x/$TEMPLATE}", "<x$><x$>yy")]
    [InlineData("${FOO/x/$TEMPLATE}", "<$0$$>xyy")]
    [InlineData("${FOO//x/$BADTEMPLATE}", "${x$.${0$${x$.${0$yy")]
    public void Pattern_replacement(string word, string expected) => AssertExpands(word, expected, PatternVariables);

    [Theory]
    [InlineData("he'llo", "unexpected end of statement while looking for matching single-quote")]
    [InlineData(@"he\\'llo", "unexpected end of statement while looking for matching single-quote")]
    [InlineData("'hello", "unexpected end of statement while looking for matching single-quote")]
    [InlineData(@"""hello", "unexpected end of statement while looking for matching double-quote")]
    [InlineData(@"""hello\""", "unexpected end of statement while looking for matching double-quote")]
    [InlineData("${}", "syntax error: bad substitution")]
    [InlineData("he${}xx", "syntax error: bad substitution")]
    [InlineData("${:}", "syntax error: bad substitution")]
    [InlineData("${:-bbb}", "syntax error: bad substitution")]
    [InlineData("${:+bbb}", "syntax error: bad substitution")]
    [InlineData("${{aaa}", "syntax error: bad substitution")]
    [InlineData("${{aaa:-bbb}", "syntax error: bad substitution")]
    [InlineData("he${.}", "unsupported modifier (.) in substitution")]
    [InlineData("he${XXX:YYY}", "unsupported modifier (:Y) in substitution")]
    [InlineData("he${PWD:=000}xx", "unsupported modifier (:=) in substitution")]
    [InlineData("${FOO=aaa}", "unsupported modifier (=) in substitution")]
    [InlineData("${FOO=:aaa}", "unsupported modifier (=) in substitution")]
    [InlineData("${FOO=}", "unsupported modifier (=) in substitution")]
    [InlineData("${PWD:#x}", "unsupported modifier (:#) in substitution")]
    [InlineData("${PWD:%x}", "unsupported modifier (:%) in substitution")]
    [InlineData("${#PWD}", "unsupported modifier (P) in substitution")] // no ${#V} length form
    [InlineData("${ PWD}", "unsupported modifier ( ) in substitution")]
    [InlineData("${PWD:}x}", "unsupported modifier (:}) in substitution")]
    [InlineData("${PWD:0:2}", "unsupported modifier (:0) in substitution")] // no substrings
    [InlineData("${PWD^^}", "unsupported modifier (^) in substitution")]
    [InlineData("${", "syntax error: missing '}'")]
    [InlineData("he${PWD", "syntax error: missing '}'")]
    [InlineData("${aaa", "syntax error: missing '}'")]
    [InlineData("${aaa:-bbb", "syntax error: missing '}'")]
    [InlineData("${aaa:-bbb ${foo}", "syntax error: missing '}'")]
    [InlineData("${PWD:", "syntax error: missing '}'")]
    [InlineData("${PWD:}", "syntax error: missing '}'")]
    [InlineData("${aaa:-'b}", "syntax error: missing '}'")] // any failure at the end of the text is the missing brace
    [InlineData("${aaa:-x${B:?oops}", "syntax error: missing '}'")]
    [InlineData("${aaa:-${B:?oops}}", "B: oops")]
    [InlineData("${PWD/x", "syntax error: missing '/' in ${}")]
    [InlineData("${PWD//}", "syntax error: missing '/' in ${}")]
    [InlineData("${PWD//ww}", "syntax error: missing '/' in ${}")]
    [InlineData("${PWD/x/y", "syntax error: missing '}'")]
    [InlineData("he${XXX?}", "XXX: is not allowed to be unset")]
    [InlineData("he${XXX:?}", "XXX: is not allowed to be unset")]
    [InlineData("he${NULL:?}", "NULL: is not allowed to be empty")]
    [InlineData("${XXX?custom $PWD message}", "XXX: custom /home message")]
    [InlineData("${NULL:?custom}", "NULL: custom")]
    [InlineData("${PWD:-${XXX:?needed}}", "XXX: needed")] // the word part is evaluated even when unused
    [InlineData(@"${PWD#\x}", @"invalid pattern (\x) in substitution: invalid escape '\x'")]
    [InlineData(@"${PWD#a\}", @"missing '}'")]
    [InlineData(@"${PWD#\#x}", @"invalid escape '\#'")]
    [InlineData(@"${PWD/\a/b}", @"invalid pattern (\a) in substitution: invalid escape '\a'")]
    [InlineData(@"${PWD%%x\\\}", @"missing '}'")]
    public void Errors_name_their_cause(string word, string cause)
    {
        var error = Assert.Throws<ExpansionException>(() => Expand(word));
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("failed to process \"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_message_quotes_the_whole_word_on_one_line()
    {
        var error = Assert.Throws<ExpansionException>(() => Expand("a\n'b\\'${X:?gone}"));
        Assert.Equal("failed to process \"a\\n'b\\\\'${X:?gone}\": X: gone", error.Message);
    }

    [Fact]
    public void Mandatory_variables_follow_BuildKit()
    {
        const string noEmpty = "${VAR:?message here$ARG}";
        const string noUnset = "${VAR?message here$ARG}";
        var set = new Dictionary<string, string> { ["VAR"] = "plain", ["ARG"] = "x" };
        var empty = new Dictionary<string, string> { ["VAR"] = "", ["ARG"] = "x" };
        var unset = new Dictionary<string, string> { ["ARG"] = "x" };

        Assert.Equal("plain", Expander.ExpandWord(noEmpty, set));
        Assert.Contains("VAR: message herex", Assert.Throws<ExpansionException>(() => Expander.ExpandWord(noEmpty, empty)).Message);
        Assert.Contains("VAR: message herex", Assert.Throws<ExpansionException>(() => Expander.ExpandWord(noEmpty, unset)).Message);
        Assert.Equal("plain", Expander.ExpandWord(noUnset, set));
        Assert.Equal("", Expander.ExpandWord(noUnset, empty));
        Assert.Contains("VAR: message herex", Assert.Throws<ExpansionException>(() => Expander.ExpandWord(noUnset, unset)).Message);
    }

    [Fact]
    public void Release_file_name_with_optional_variant()
    {
        const string word = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
        var arm = new Dictionary<string, string>
        {
            ["VERSION"] = "v1.2.3", ["TARGETOS"] = "linux", ["TARGETARCH"] = "arm", ["TARGETVARIANT"] = "v7",
        };
        Assert.Equal("something-v1.2.3.linux-arm-v7.tar.gz", Expander.ExpandWord(word, arm));
        arm["TARGETVARIANT"] = "";
        Assert.Equal("something-v1.2.3.linux-arm.tar.gz", Expander.ExpandWord(word, arm));
    }

    [Fact]
    public void Values_are_inserted_without_further_expansion()
    {
        var vars = new Dictionary<string, string> { ["A"] = "$B 'q' \\x", ["B"] = "no" };
        Assert.Equal("$B 'q' \\x", Expander.ExpandWord("$A", vars));
        Assert.Equal("$B 'q' \\x", Expander.ExpandWord("\"${A}\"", vars));
    }

    [Fact]
    public void Heredoc_marker_text_is_unchanged() => AssertExpands("cat <<  EOF <x", "cat <<  EOF <x");

    [Fact]
    public void Unbalanced_heavy_nesting_is_an_expansion_error_not_a_crash()
    {
        var deep = string.Concat(Enumerable.Repeat("${A:-", 100_000)) + "x" + new string('}', 100_000);
        var error = Assert.Throws<ExpansionException>(() => Expand(deep));
        Assert.Contains("nested more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_works()
    {
        var depth = ShellWordScanner.MaxNesting;
        var word = string.Concat(Enumerable.Repeat("${A:-", depth)) + "x" + new string('}', depth);
        Assert.Equal("x", Expand(word));
    }

    [Fact]
    public void Escape_character_other_than_backslash_or_backtick_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShellWordExpander('$'));

    internal static readonly Dictionary<string, string> PatternVariables = new()
    {
        ["PWD"] = "/home",
        ["FOO"] = "xxyy",
        ["ONE"] = "x",
        ["EMPTY"] = "",
        ["FILE"] = "archive.tar.gz",
        ["STARS"] = "xx**",
        ["ASTAR"] = "a***yy*",
        ["QUESTION"] = "???y",
        ["REGEX"] = @"()[]{}^$.*?|\x",
        ["BRACKET"] = "[ab]c",
        ["LINES"] = "a\nb",
        ["EMOJI"] = "👽🚀🖖",
        ["PATHS"] = "/tmp/foo.txt",
        ["SLASH_TMP"] = "/tmp",
        ["GLOBS"] = "/foo*/*/*.txt",
        ["NEEDLE"] = @"\*/",
        ["URL"] = "http://google.de",
        ["HTTP"] = "http://",
        ["HTTPS"] = "https://",
        ["ABC"] = "/a/foo/b/c.txt",
        ["QSLASH"] = "/?/",
        ["SLASH"] = "/",
        ["TEMPLATE"] = "<$0$$>",
        ["BADTEMPLATE"] = "$1${x$.${0$",
    };

    private static void AssertExpands(string word, string expected, IReadOnlyDictionary<string, string>? variables = null)
    {
        variables ??= Env;
        if (expected == "error")
        {
            Assert.Throws<ExpansionException>(() => Expander.ExpandWord(word, variables));
            return;
        }
        Assert.Equal(expected, Expander.ExpandWord(word, variables));
    }
}
