namespace Hoist.Tests.Checks;

/// <summary>
/// BuildKit's testWarningsBeforeError: an unknown instruction fails the check at its line, and the warnings of the
/// instructions before it are still reported (BuildKit's parser keeps the node; reading the instructions refuses it).
/// </summary>
public sealed class WarningsBeforeErrorTests
{
    private const string Dockerfile = "\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n";

    [Fact]
    public void Warnings_found_before_an_unknown_instruction_are_reported_with_its_error()
    {
        var report = CheckHarness.Report(Dockerfile);

        Assert.Equal("Dockerfile:4: unknown instruction: BADCMD", report.Error);
        Assert.Equal(
            ["2 StageNameCasing Stage name 'BadStageName' should be lowercase", "3 MaintainerDeprecated Maintainer instruction is deprecated in favor of using label"],
            report.Findings.OrderBy(f => f.Line).Select(f => $"{f.Line} {f.Rule.Name} {f.Message}"));
    }

    [Fact]
    public void Instructions_after_the_unknown_one_are_not_checked()
    {
        var report = CheckHarness.Report("FROM scratch\nRUNN x\nMAINTAINER me\n");

        Assert.Equal("Dockerfile:2: unknown instruction: RUNN (did you mean RUN?)", report.Error);
        Assert.Empty(report.Findings);
    }
}
