using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary>COPY and ADD: sources then destination, in JSON or whitespace form, with their own flags.</summary>
public sealed class CopyAddInstructionTests
{
    [Fact]
    public void Whitespace_form_last_word_is_the_destination()
    {
        var copy = Read<CopyInstruction>("copy", "a.txt  src/*.cs\t$DIR /app/");
        Assert.Equal(["a.txt", "src/*.cs", "$DIR"], copy.Sources);
        Assert.Equal("/app/", copy.Destination);
        Assert.Null(copy.From);
        Assert.Null(copy.Chown);
        Assert.Null(copy.Chmod);
        Assert.False(copy.Link);
        Assert.False(copy.Parents);
        Assert.Empty(copy.Excludes);
    }

    [Fact]
    public void Json_form_allows_spaces_in_paths()
    {
        var add = Read<AddInstruction>("add", "[\"my file.txt\", \"/dst dir/\"]");
        Assert.Equal(["my file.txt"], add.Sources);
        Assert.Equal("/dst dir/", add.Destination);
    }

    [Fact]
    public void Whitespace_form_does_not_group_quoted_words()
    {
        // BuildKit splits COPY/ADD on whitespace only; quotes are left for the expander to judge.
        var copy = Read<CopyInstruction>("copy", "\"a b\" /dst");
        Assert.Equal(["\"a", "b\""], copy.Sources);
    }

    [Fact]
    public void Copy_flags()
    {
        var copy = Read<CopyInstruction>("copy", "/out /bin/",
            "--from=build", "--chown=app:app", "--chmod=0755", "--link", "--parents=true", "--exclude=*.md", "--exclude=tmp/");
        Assert.Equal("build", copy.From);
        Assert.Equal("app:app", copy.Chown);
        Assert.Equal("0755", copy.Chmod);
        Assert.True(copy.Link);
        Assert.True(copy.Parents);
        Assert.Equal(["*.md", "tmp/"], copy.Excludes);
    }

    [Fact]
    public void Add_flags()
    {
        var add = Read<AddInstruction>("add", "https://example.com/a.tar.gz /opt/",
            "--chown=1:2", "--chmod=644", "--link=false", "--checksum=sha256:abc", "--keep-git-dir", "--unpack=true",
            "--exclude=*.tmp");
        Assert.Equal("1:2", add.Chown);
        Assert.Equal("644", add.Chmod);
        Assert.False(add.Link);
        Assert.Equal("sha256:abc", add.Checksum);
        Assert.True(add.KeepGitDir);
        Assert.True(add.Unpack);
        Assert.Equal(["*.tmp"], add.Excludes);
    }

    [Fact]
    public void Add_unpack_is_null_unless_given()
    {
        Assert.Null(Read<AddInstruction>("add", "a.tar /x").Unpack);
        Assert.False(Read<AddInstruction>("add", "a.tar /x", "--unpack=false").Unpack);
        Assert.False(Read<AddInstruction>("add", "a.tar /x").KeepGitDir);
    }

    [Theory]
    [InlineData("copy", "--checksum=sha256:x")]
    [InlineData("copy", "--keep-git-dir")]
    [InlineData("copy", "--unpack")]
    [InlineData("add", "--from=build")]
    [InlineData("add", "--parents")]
    public void Flags_of_the_other_instruction_are_refused(string keyword, string flag)
    {
        var name = flag[2..].Split('=')[0];
        Assert.StartsWith($"unknown flag: --{name} for {keyword.ToUpperInvariant()}", Error(Node(keyword, "a /b", [flag])));
    }

    [Theory]
    [InlineData("copy", "COPY")]
    [InlineData("add", "ADD")]
    public void Fewer_than_two_arguments_is_an_error(string keyword, string name)
    {
        var expected = $"{name} requires at least two arguments, but only one was provided. Destination could not be determined";
        Assert.Equal(expected, Error(keyword, "only-one"));
        Assert.Equal(expected, Error(keyword, ""));
        Assert.Equal(expected, Error(keyword, "[\"one\"]"));
    }

    [Fact]
    public void Heredoc_sources_are_kept_with_their_bodies()
    {
        Heredoc[] heredocs =
        [
            new Heredoc("EOF", "hello $NAME\n", Expand: true, Chomp: false),
            new Heredoc("RAW", "literal\n", Expand: false, Chomp: false),
        ];
        var copy = Read<CopyInstruction>(Node("copy", "<<EOF <<'RAW' plain.txt /dst/", heredocs: heredocs));
        Assert.Equal(["<<EOF", "<<'RAW'", "plain.txt"], copy.Sources);
        Assert.Equal("/dst/", copy.Destination);
        Assert.Equal(heredocs, copy.Heredocs);
    }

    [Theory]
    [InlineData("copy", "COPY")]
    [InlineData("add", "ADD")]
    public void Heredoc_destination_is_an_error(string keyword, string name)
    {
        var node = Node(keyword, "src <<EOF", heredocs: [new Heredoc("EOF", "x\n", true, false)]);
        Assert.Equal($"{name} cannot accept a heredoc as a destination", Error(node));
    }

    [Fact]
    public void Missing_destination_is_reported_before_flag_errors()
    {
        Assert.StartsWith("COPY requires at least two arguments", Error("copy", "x", "--nope"));
    }

    [Fact]
    public void Copy_from_does_not_take_variables()
    {
        Assert.StartsWith("variable expansion is not supported for --from", Error("copy", "a /b", "--from=$STAGE"));
        Assert.StartsWith("variable expansion is not supported for --from", Error("copy", "a /b", "--from=${BASE}-build"));
        Assert.Equal("price$", Read<CopyInstruction>("copy", "a /b", "--from=price$").From);
    }
}
