namespace Hoist.IntegrationTests;

/// <summary>The shipped executable behaves like a CLI: help, version, and one-line errors without stack traces.</summary>
public sealed class CliProcessTests
{
    [Fact]
    public void Help_lists_the_commands()
    {
        var result = HoistProcess.Run(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
        foreach (var command in new[] { "outline", "targets", "images", "inspect", "login" })
        {
            Assert.Contains(command, result.Stdout);
        }
    }

    [Fact]
    public void Version_prints_a_version()
    {
        var result = HoistProcess.Run(["--version"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout.Trim());
    }

    [Fact]
    public void An_unknown_command_fails_without_a_stack_trace()
    {
        var result = HoistProcess.Run(["frobnicate"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
