using BenchmarkDotNet.Attributes;
using Hoist.Dockerfile.Parsing;
using Hoist.Planning;

namespace Hoist.Benchmarks;

/// <summary>Parsing and planning a 5,000-line Dockerfile: the frontend's share of every build, cached or not.</summary>
[MemoryDiagnoser]
public class FrontendBenchmarks
{
    private readonly PlanOptions _options = new() { BuildArgs = ["VERSION=2.0"] };
    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = LargeDockerfile.Generate(5000);

    [Benchmark]
    public int Parse() => DockerfileParser.Parse(_text).Instructions.Count;

    [Benchmark]
    public int ParseAndPlan() => DockerfileFrontend.Plan(_text, "Dockerfile", _options).BuildOrder.Count;
}
