using Hoist.Cli;

namespace Hoist.Tests.Cli;

/// <summary><c>hoist run</c> reads its arguments as <c>docker run</c>: everything after IMAGE is the command's.</summary>
public sealed class RunCommandArgumentsTests
{
    [Theory]
    [InlineData("run img ls -l", "run img -- ls -l")]
    [InlineData("--root /x run -e A=1 --env=B=2 img -p 1", "--root /x run -e A=1 --env=B=2 img -- -p 1")]
    [InlineData("run --root /s -it --rm img", "run --root /s -it --rm img --")]
    [InlineData("run img -- sh", "run img -- sh")]
    [InlineData("build run", "build run")]
    [InlineData("run -P -p 80/udp img sh", "run -P -p 80/udp img -- sh")]
    [InlineData("run -itP --publish-all img", "run -itP --publish-all img --")]
    public void The_command_after_the_image_is_set_apart(string given, string expected) =>
        Assert.Equal(expected.Split(' '), RunCommand.SeparateCommand(given.Split(' ')));

    [Theory]
    [InlineData("run --detach img", "hoist run: unknown flag: --detach (see hoist run --help)")]
    [InlineData("run -itd img", "hoist run: unknown shorthand flag: 'd' in -itd (see hoist run --help)")]
    public void An_unknown_flag_before_the_image_is_one_line_naming_it(string given, string message) =>
        Assert.Equal(message, Assert.Throws<HoistException>(() => RunCommand.SeparateCommand(given.Split(' '))).Message);
}
