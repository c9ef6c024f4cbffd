namespace Hoist.Tests.Checks;

/// <summary>
/// A base that is not an image reference ends the check as it ends BuildKit's: after the FROM rules of every stage,
/// before any stage is dispatched, with distribution's wording (recorded from BuildKit v0.25.2,
/// <c>docker buildx build --call=check,format=json</c>).
/// </summary>
public sealed class StageNameErrorTests
{
    [Theory]
    [InlineData("alpine:", "invalid reference format")]
    [InlineData("golang:-alpine", "invalid reference format")]
    [InlineData("a@sha256:abc", "invalid reference format")]
    [InlineData("a/b//c", "invalid reference format")]
    [InlineData("a:b:c", "invalid reference format")]
    [InlineData("Alpine", "invalid reference format: repository name (library/Alpine) must be lowercase")]
    [InlineData("ALPINE:3", "invalid reference format: repository name (library/ALPINE) must be lowercase")]
    [InlineData("localhost:5000/Foo:1", "invalid reference format: repository name (Foo) must be lowercase")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123",
        "invalid repository name (0123456789012345678901234567890123456789012345678901234567890123), cannot specify 64-byte hexadecimal strings")]
    public void A_malformed_base_stops_the_check_with_BuildKits_message(string image, string cause)
    {
        var report = CheckHarness.Report($"FROM scratch AS first\nENV key value\nFROM {image} AS second\n");

        Assert.Equal($"failed to parse stage name \"{image}\": {cause}", report.ErrorCause);
        Assert.Equal(3, report.ErrorLine);
    }

    [Fact]
    public void The_FROM_rules_of_every_stage_are_reported_before_it_and_no_stage_is_dispatched()
    {
        var report = CheckHarness.Report("FROM scratch as first\nENV key value\nFROM scratch:${nope} AS second\nCMD x\n");

        Assert.Equal(["1 FromAsCasing", "3 InvalidDefaultArgInFrom", "3 UndefinedArgInFrom"],
            report.Findings.Select(f => $"{f.Line} {f.Rule.Name}").Order(StringComparer.Ordinal));
        Assert.Equal("failed to parse stage name \"scratch:\": invalid reference format", report.ErrorCause);
    }
}
