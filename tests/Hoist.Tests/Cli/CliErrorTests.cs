using Hoist.Cli;

namespace Hoist.Tests.Cli;

/// <summary>Bad command lines get one line naming the cause, exit 1, and no stack trace.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-cli-errors-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static CliRun Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = HoistCommand.Run(args, output, error);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    private static void AssertOneLineError(CliRun run, string cause)
    {
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(cause, line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_root_is_refused_rather_than_taken_for_the_default_store()
    {
        AssertOneLineError(Run("--root", "", "images"), "--root: empty path");
    }

    [Fact]
    public void An_unknown_command_is_named()
    {
        AssertOneLineError(Run("bogus", "--root", _root), "Unrecognized command or argument 'bogus'");
    }

    [Fact]
    public void A_list_of_allowed_values_is_folded_into_the_line()
    {
        AssertOneLineError(CliRun.WithRoot(_root, "build", "--progress", "bogus", _root), "Must be one of: 'auto'");
    }

    [Fact]
    public void A_missing_layer_file_is_an_error_not_a_stack_trace()
    {
        var run = CliRun.WithRoot(_root, "layer", "apply", Path.Combine(_root, "missing.tar"), Path.Combine(_root, "out"));
        AssertOneLineError(run, "missing.tar");
    }

    [Fact]
    public void A_dockerfile_that_is_a_directory_is_named_as_one()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_root, "Dockerfile.d")).FullName;
        AssertOneLineError(CliRun.WithRoot(_root, "outline", "-f", directory, _root), "is a directory");
    }

    [Fact]
    public void A_number_of_the_wrong_kind_is_said_without_type_names_and_the_help_names_the_whole_command()
    {
        var run = CliRun.WithRoot(_root, "build", "--pids-limit", "abc", _root);
        AssertOneLineError(run, "'--pids-limit' as a number (see hoist build --help)");
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
        AssertOneLineError(CliRun.WithRoot(_root, "layer", "create", _root), "(see hoist layer create --help)");
    }

    [Theory]
    [InlineData(",")]
    [InlineData("linux/amd64,")]
    [InlineData("linux/amd64,,linux/arm64")]
    public void A_platform_list_with_an_empty_entry_is_refused(string list)
    {
        Assert.Contains("an empty platform", Assert.Throws<HoistException>(() => Hoist.Oci.Platform.ParseList(list)).Message, StringComparison.Ordinal);
    }
}
