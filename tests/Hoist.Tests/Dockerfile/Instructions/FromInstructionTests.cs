using Hoist.Dockerfile.Instructions;
using static Hoist.Tests.Dockerfile.Instructions.InstructionNodes;

namespace Hoist.Tests.Dockerfile.Instructions;

public sealed class FromInstructionTests
{
    [Fact]
    public void Image_only()
    {
        var from = Read<FromInstruction>("from", "alpine:3.20");
        Assert.Equal("alpine:3.20", from.BaseName);
        Assert.Null(from.StageName);
        Assert.Null(from.Platform);
    }

    [Theory]
    [InlineData("golang:1.23 AS build", "build")]
    [InlineData("golang:1.23 as Build-Stage_2.x", "Build-Stage_2.x")]
    [InlineData("scratch aS out", "out")]
    public void Stage_name_is_kept_as_written(string rest, string name)
    {
        Assert.Equal(name, Read<FromInstruction>("from", rest).StageName);
    }

    [Fact]
    public void Platform_flag_and_variables_are_kept_for_planning()
    {
        var from = Read<FromInstruction>("from", "${BASE}:${TAG} AS base", "--platform=$BUILDPLATFORM");
        Assert.Equal("${BASE}:${TAG}", from.BaseName);
        Assert.Equal("$BUILDPLATFORM", from.Platform);
        Assert.Equal("base", from.StageName);
    }

    [Theory]
    [InlineData("img AS 1st")]
    [InlineData("img AS my/stage")]
    [InlineData("img AS -stage")]
    [InlineData("img AS st@ge")]
    [InlineData("img AS $NAME")]
    public void Invalid_stage_names(string rest)
    {
        var name = rest.Split(' ')[2];
        Assert.Equal(
            $"invalid name for build stage: \"{name}\", name can't start with a number or contain symbols",
            Error("from", rest));
    }

    [Theory]
    [InlineData("img AS")]
    [InlineData("img other")]
    [InlineData("img IS name")]
    [InlineData("img AS a b")]
    public void Wrong_argument_count(string rest) =>
        Assert.Equal("FROM requires either one or three arguments", Error("from", rest));

    [Fact]
    public void Only_platform_is_accepted()
    {
        Assert.Equal("unknown flag: --chown for FROM", Error("from", "img", "--chown=1"));
        Assert.Equal("missing a value on flag: --platform for FROM", Error("from", "img", "--platform"));
        Assert.Equal("duplicate flag specified: --platform for FROM", Error("from", "img", "--platform=a", "--platform=b"));
    }
}
