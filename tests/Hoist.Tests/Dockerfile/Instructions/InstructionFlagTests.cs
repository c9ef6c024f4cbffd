using Hoist.Dockerfile.Instructions;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary>Flag rules shared by every instruction (BuildKit's bflag.go).</summary>
public sealed class InstructionFlagTests
{
    public static TheoryData<string, string> InstructionsWithoutFlags => new()
    {
        { "env", "A=1" }, { "label", "a=1" }, { "arg", "A" }, { "maintainer", "me" }, { "user", "app" },
        { "workdir", "/app" }, { "stopsignal", "SIGINT" }, { "expose", "80" }, { "volume", "/data" },
        { "shell", "[\"sh\", \"-c\"]" }, { "cmd", "x" }, { "entrypoint", "x" }, { "onbuild", "RUN x" },
    };

    [Theory]
    [MemberData(nameof(InstructionsWithoutFlags))]
    public void Instructions_without_flags_refuse_any(string keyword, string rest)
    {
        var child = keyword == "onbuild" ? Node("run", "x") : null;
        var cause = Error(Node(keyword, rest, ["--foo=bar"], child: child));
        Assert.Equal($"unknown flag: --foo for {keyword.ToUpperInvariant()}", cause);
    }

    public static TheoryData<string, string, string> AcceptedFlags => new()
    {
        { "from", "img", "--platform=linux/arm64" },
        { "run", "x", "--mount=type=tmpfs,target=/t" }, { "run", "x", "--network=none" }, { "run", "x", "--security=insecure" },
        { "copy", "a b", "--from=x" }, { "copy", "a b", "--chown=1" }, { "copy", "a b", "--chmod=1" },
        { "copy", "a b", "--link" }, { "copy", "a b", "--parents" }, { "copy", "a b", "--exclude=x" },
        { "add", "a b", "--chown=1" }, { "add", "a b", "--chmod=1" }, { "add", "a b", "--link" },
        { "add", "a b", "--checksum=sha256:0" }, { "add", "a b", "--keep-git-dir" }, { "add", "a b", "--unpack" },
        { "add", "a b", "--exclude=x" },
        { "healthcheck", "CMD x", "--interval=1s" }, { "healthcheck", "CMD x", "--timeout=1s" },
        { "healthcheck", "CMD x", "--start-period=1s" }, { "healthcheck", "CMD x", "--start-interval=1s" },
        { "healthcheck", "CMD x", "--retries=1" },
    };

    [Theory]
    [MemberData(nameof(AcceptedFlags))]
    public void Each_instruction_accepts_its_flags(string keyword, string rest, string flag)
    {
        Assert.Single(ReadAll('\\', Node(keyword, rest, [flag])));
    }

    [Theory]
    [InlineData("--link", true)]
    [InlineData("--link=true", true)]
    [InlineData("--link=TRUE", true)]
    [InlineData("--link=false", false)]
    [InlineData("--link=False", false)]
    public void Bool_flags_take_no_value_or_true_or_false(string flag, bool expected)
    {
        Assert.Equal(expected, Read<CopyInstruction>("copy", "a /b", flag).Link);
    }

    [Fact]
    public void Bool_flag_with_other_value_or_empty_value_is_an_error()
    {
        Assert.Equal("expecting a boolean value for flag --link for COPY, not: yes", Error("copy", "a /b", "--link=yes"));
        Assert.Equal("missing a value on flag: --link for COPY", Error("copy", "a /b", "--link="));
    }

    [Fact]
    public void String_flags_need_a_value_but_it_may_be_empty()
    {
        Assert.Equal("missing a value on flag: --chown for COPY", Error("copy", "a /b", "--chown"));
        Assert.Equal("", Read<CopyInstruction>("copy", "a /b", "--chown=").Chown);
        Assert.Equal("missing a value on flag: --exclude for COPY", Error("copy", "a /b", "--exclude"));
    }

    [Fact]
    public void Value_may_contain_equals_signs()
    {
        Assert.Equal("a=b", Read<CopyInstruction>("copy", "a /b", "--from=a=b").From);
    }

    [Fact]
    public void Duplicate_flag_is_an_error_unless_repeatable()
    {
        Assert.Equal("duplicate flag specified: --chown for COPY", Error("copy", "a /b", "--chown=1", "--chown=2"));
        Assert.Equal("duplicate flag specified: --link for ADD", Error("add", "a /b", "--link", "--link=false"));
        Assert.Equal(["a", "b", "c"], Read<AddInstruction>("add", "a /b", "--exclude=a", "--exclude=b", "--exclude=c").Excludes);
    }

    [Fact]
    public void Unknown_flag_suggests_a_close_one()
    {
        Assert.Equal("unknown flag: --form for COPY (did you mean from?)", Error("copy", "a /b", "--form=x"));
        Assert.Equal("unknown flag: --chwon for ADD (did you mean chown?)", Error("add", "a /b", "--chwon=1"));
        Assert.Equal("unknown flag: --mont for RUN (did you mean mount?)", Error("run", "true", "--mont=type=tmpfs,target=/t"));
        Assert.Equal("unknown flag: --zzzzzz for ADD", Error("add", "a /b", "--zzzzzz"));
    }

    [Fact]
    public void Flag_names_are_case_sensitive()
    {
        Assert.StartsWith("unknown flag: --LINK for COPY", Error("copy", "a /b", "--LINK"));
    }

    [Fact]
    public void Word_without_dashes_is_an_error()
    {
        Assert.Equal("flag should start with --: -link for COPY", Error("copy", "a /b", "-link"));
    }

    [Fact]
    public void Double_dash_ends_the_flags()
    {
        Assert.Equal("1", Read<CopyInstruction>("copy", "a /b", "--chown=1", "--", "--bogus").Chown);
    }

    [Fact]
    public void Quotes_in_flag_values_are_removed_as_BuildKit_does()
    {
        var copy = Read<CopyInstruction>("copy", "a /b", "--chown=\"app user\":'grp'");
        Assert.Equal("app user:grp", copy.Chown);
        Assert.Equal("$UID:$GID", Read<CopyInstruction>("copy", "a /b", "--chown=\"$UID:$GID\"").Chown);
    }
}
