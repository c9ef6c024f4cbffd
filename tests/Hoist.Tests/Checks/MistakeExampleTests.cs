using Hoist.Building.Context;
using Hoist.Cli;
using Hoist.Planning;

namespace Hoist.Tests.Checks;

/// <summary>examples/mistakes: each example makes the mistake it is named after, and the checks name it on its line.</summary>
public sealed class MistakeExampleTests
{
    [Theory]
    [InlineData("latest-tag", "4 HoistUnpinnedBaseImage")]
    [InlineData("build-tools-in-runtime", "9 HoistToolchainFinalStage")]
    public void The_example_produces_its_finding(string example, string expected)
    {
        var directory = Path.Combine(Examples.ExampleDockerfileTests.RepositoryRoot(), "examples", "mistakes", example);
        var text = File.ReadAllText(Path.Combine(directory, "Dockerfile"));
        var report = DockerfileFrontend.Check(text, "Dockerfile", new PlanOptions(), ContextCheckInputs.For(directory));

        Assert.Null(report.Error);
        Assert.Contains(expected, report.Findings.Select(f => $"{f.Line} {f.Rule.Name}"));
        Assert.All(report.Findings.Where(f => f.Rule.Origin == Hoist.Checks.CheckOrigin.Hoist), f => Assert.NotNull(f.Fix));
    }
}
