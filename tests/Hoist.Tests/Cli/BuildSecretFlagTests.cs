using Hoist.Tests.Building;

namespace Hoist.Tests.Cli;

/// <summary><c>hoist build --secret/--ssh</c> values are checked before anything is built, with one-line errors.</summary>
public sealed class BuildSecretFlagTests
{
    [Theory]
    [InlineData("--secret", "colour=red", "invalid secret \"colour=red\": unexpected key \"colour\"")]
    [InlineData("--ssh", "=/nowhere", "invalid ssh \"=/nowhere\": id is required")]
    public void A_bad_flag_value_fails_in_one_line(string flag, string value, string message)
    {
        using var state = new TempTree();
        using var context = new TempTree().File("Dockerfile", "FROM scratch\nCOPY Dockerfile /\n");
        var run = CliRun.WithRoot(state.Root, "build", flag, value, context.Root);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
