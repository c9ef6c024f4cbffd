using Hoist.Dockerfile.Instructions;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

/// <summary>ENV, LABEL and ARG: BuildKit's name=value splitting, which keeps quotes for the expander.</summary>
public sealed class KeyValueInstructionTests
{
    [Fact]
    public void Env_name_value_pairs_keep_quotes_and_variables_as_written()
    {
        var env = Read<EnvInstruction>("env", "A=1 B=\"two words\" C='$X' D=${Y:-z} E=");
        Assert.Equal(
            [new KeyValue("A", "1"), new KeyValue("B", "\"two words\""), new KeyValue("C", "'$X'"),
             new KeyValue("D", "${Y:-z}"), new KeyValue("E", "")],
            env.Variables);
        Assert.False(env.LegacyForm);
    }

    [Fact]
    public void Env_escaped_space_stays_inside_one_value()
    {
        var env = Read<EnvInstruction>("env", @"A=a\ b C=c");
        Assert.Equal([new KeyValue("A", @"a\ b"), new KeyValue("C", "c")], env.Variables);
    }

    [Fact]
    public void Env_value_may_contain_equals_signs()
    {
        var env = Read<EnvInstruction>("env", "OPTS=--a=b");
        Assert.Equal([new KeyValue("OPTS", "--a=b")], env.Variables);
    }

    [Fact]
    public void Env_quoted_name_is_kept_for_the_expander()
    {
        var env = Read<EnvInstruction>("env", "\"A B\"=c");
        Assert.Equal([new KeyValue("\"A B\"", "c")], env.Variables);
    }

    [Fact]
    public void Env_legacy_form_takes_the_rest_of_the_line_as_the_value()
    {
        var env = Read<EnvInstruction>("env", "PATH /usr/local/bin:$PATH  \"and more\"");
        Assert.Equal([new KeyValue("PATH", "/usr/local/bin:$PATH  \"and more\"")], env.Variables);
        Assert.True(env.LegacyForm);
    }

    [Fact]
    public void Env_with_escape_char_backtick_splits_words_with_it()
    {
        var env = Read<EnvInstruction>(Node("env", "A=a` b C=c"), escapeChar: '`');
        Assert.Equal([new KeyValue("A", "a` b"), new KeyValue("C", "c")], env.Variables);
    }

    [Theory]
    [InlineData("", "ENV requires at least one argument")]
    [InlineData("PATH", "ENV must have two arguments")]
    [InlineData("A=1 B", "Syntax error - can't find = in \"B\". Must be of the form: name=value")]
    [InlineData("=1", "ENV names can not be blank")]
    [InlineData("A=1 =2", "ENV names can not be blank")]
    public void Env_errors(string rest, string cause) => Assert.Equal(cause, Error("env", rest));

    [Fact]
    public void Label_accepts_both_forms()
    {
        var label = Read<LabelInstruction>("label", "org.opencontainers.image.title=\"Hoist app\" version=1.0");
        Assert.Equal(
            [new KeyValue("org.opencontainers.image.title", "\"Hoist app\""), new KeyValue("version", "1.0")],
            label.Labels);
        var legacy = Read<LabelInstruction>("label", "maintainer someone@example.com");
        Assert.Equal([new KeyValue("maintainer", "someone@example.com")], legacy.Labels);
        Assert.True(legacy.LegacyForm);
    }

    [Theory]
    [InlineData("", "LABEL requires at least one argument")]
    [InlineData("alone", "LABEL must have two arguments")]
    [InlineData("=x", "LABEL names can not be blank")]
    public void Label_errors(string rest, string cause) => Assert.Equal(cause, Error("label", rest));

    [Fact]
    public void Arg_declares_several_names_with_and_without_defaults()
    {
        var arg = Read<ArgInstruction>("arg", "VERSION BASE=alpine:3.20 EMPTY= QUOTED=\"a b\" REF=$OTHER");
        Assert.Equal(
            [new ArgDeclaration("VERSION", null), new ArgDeclaration("BASE", "alpine:3.20"), new ArgDeclaration("EMPTY", ""),
             new ArgDeclaration("QUOTED", "\"a b\""), new ArgDeclaration("REF", "$OTHER")],
            arg.Arguments);
    }

    [Theory]
    [InlineData("", "ARG requires at least one argument")]
    [InlineData("=1", "ARG names can not be blank")]
    [InlineData("A=1 =2", "ARG names can not be blank")]
    public void Arg_errors(string rest, string cause) => Assert.Equal(cause, Error("arg", rest));
}
