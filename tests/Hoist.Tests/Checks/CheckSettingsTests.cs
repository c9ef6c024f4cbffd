using Hoist.Checks;

namespace Hoist.Tests.Checks;

public sealed class CheckSettingsTests
{
    [Fact]
    public void Skip_error_and_experimental_are_read_from_one_option_string()
    {
        var settings = CheckSettings.Parse("skip=JSONArgsRecommended, MaintainerDeprecated;error=true;experimental=CopyIgnoredFile");
        Assert.True(settings.Error);
        Assert.False(settings.IsEnabled(BuildKitRules.JsonArgsRecommended));
        Assert.False(settings.IsEnabled(BuildKitRules.MaintainerDeprecated));
        Assert.True(settings.IsEnabled(BuildKitRules.UndefinedVar));
        Assert.True(settings.IsEnabled(BuildKitRules.CopyIgnoredFile));
        Assert.False(settings.IsEnabled(BuildKitRules.InvalidDefinitionDescription));
    }

    [Theory]
    [InlineData("skip", "invalid check option \"skip\"")]
    [InlineData("error=maybe", "failed to parse check option \"error=maybe\": invalid syntax")]
    [InlineData("ignore=all", "invalid check option \"ignore\"")]
    public void A_bad_option_is_an_error_naming_it(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<HoistException>(() => CheckSettings.Parse(text)).Message);
    }

    [Fact]
    public void A_bad_directive_stops_the_check_with_the_line()
    {
        Assert.Equal("Dockerfile:1: failed to parse check options: invalid check option \"skip\"",
            CheckHarness.Report("# check=skip\nFROM scratch\n").Error);
    }

    [Fact]
    public void Skip_all_turns_off_every_rule_but_experimental_ones_still_need_naming()
    {
        Assert.Empty(CheckHarness.Rules("# check=skip=all\nFROM alpine:3.20 as Build\nCMD x\n"));
        Assert.Equal(["3 InvalidDefinitionDescription"], CheckHarness.Rules("# check=skip=all;experimental=all\n# not a description\nFROM alpine:3.20 AS build\n"));
    }

    [Fact]
    public void The_build_arg_replaces_the_directive()
    {
        var options = new CheckOptions { BuildArgs = new Dictionary<string, string> { ["BUILDKIT_DOCKERFILE_CHECK"] = "skip=MaintainerDeprecated" } };
        Assert.Equal(["3 JSONArgsRecommended"], CheckHarness.Rules("# check=skip=all\nFROM scratch\nCMD x\nMAINTAINER me\n", options));
    }

    [Fact]
    public void Error_true_turns_findings_into_a_violation_naming_the_rules()
    {
        var report = CheckHarness.Report("# check=error=true\nFROM scratch\nCMD x\nMAINTAINER me\n");
        Assert.Equal("lint violation found for rules: JSONArgsRecommended, MaintainerDeprecated", report.Violation);
        Assert.Null(CheckHarness.Report("# check=error=true\nFROM scratch\nCMD [\"x\"]\n").Violation);
    }

    [Fact]
    public void Error_true_is_not_fatal_for_Hoists_own_rules_as_BuildKit_builds_such_a_file()
    {
        var report = CheckHarness.Report("# check=error=true\nFROM busybox:latest\nCMD [\"x\"]\n");
        Assert.Contains(report.Findings, f => f.Rule == HoistRules.UnpinnedBaseImage);
        Assert.Null(report.Violation);
    }

    [Fact]
    public void A_check_comment_above_an_instruction_skips_rules_for_that_instruction_only()
    {
        const string dockerfile = """
            FROM scratch
            # check=skip=SecretsUsedInArgOrEnv // allow secret in environment
            ENV password=bar
            ENV token=x
            # check=skip=all // is local to only this instruction
            ENV alternate_password=bar
            # check=skip=JSONArgsRecommended
            CMD mycommand
            # check=skip=LegacyKeyValueFormat
            LABEL key value
            LABEL other value
            """;
        Assert.Equal(["4 SecretsUsedInArgOrEnv", "11 LegacyKeyValueFormat"], CheckHarness.Rules(dockerfile));
    }

    [Fact]
    public void A_check_comment_above_FROM_covers_the_FROM_rules()
    {
        Assert.Empty(CheckHarness.Rules("# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n",
            new CheckOptions { PlatformArgs = [new("TARGETPLATFORM", "linux/amd64")] }));
        Assert.Equal(["2 RedundantTargetPlatform"], CheckHarness.Rules("\nFROM --platform=$TARGETPLATFORM scratch\n",
            new CheckOptions { PlatformArgs = [new("TARGETPLATFORM", "linux/amd64")] }));
    }

    [Fact]
    public void A_check_comment_does_not_cover_whole_file_rules()
    {
        Assert.Equal(["3 ConsistentInstructionCasing"], CheckHarness.Rules("FROM scratch\n# check=skip=all\nrun x\nCOPY a b\n"));
    }
}
