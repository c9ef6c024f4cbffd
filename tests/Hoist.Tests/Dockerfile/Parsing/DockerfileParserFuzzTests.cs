using Hoist.Planning;
using Xunit;
using Xunit.Abstractions;

namespace Hoist.Tests.Dockerfile.Parsing;

public sealed class DockerfileParserFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Frontend_only_throws_hoist_exceptions_and_never_hangs_on_100k_mutated_dockerfiles()
    {
        const int cases = 100_000;
        var options = new PlanOptions { BuildArgs = ["BASE=alpine", "VERSION"], EnvironmentLookup = _ => "from-env" };

        // The whole frontend: parse, read instructions, plan stages (expansion, scoping, references, pruning).
        var elapsed = DockerfileFuzzer.Run(
            text => DockerfileFrontend.Plan(text, "Dockerfile", options), cases, seed: 20261123,
            timeout: TimeSpan.FromSeconds(180));

        output.WriteLine($"{cases} cases in {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Checks_only_throw_hoist_exceptions_and_never_hang_on_20k_mutated_dockerfiles()
    {
        const int cases = 20_000;

        // hoist check (and every build's warnings) walk the same hostile text with BuildKit's and Hoist's rules.
        var elapsed = DockerfileFuzzer.Run(
            text => DockerfileFrontend.Check(text, "Dockerfile", new PlanOptions()), cases, seed: 20261207,
            timeout: TimeSpan.FromSeconds(120));

        output.WriteLine($"{cases} cases in {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Generator_is_deterministic_for_a_seed()
    {
        var a = new Random(7);
        var b = new Random(7);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(DockerfileFuzzer.Generate(a), DockerfileFuzzer.Generate(b));
        }
    }
}
