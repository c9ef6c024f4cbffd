using BenchmarkDotNet.Attributes;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Benchmarks;

/// <summary>Parsing (and planning) a 5,000-line Dockerfile: the frontend's share of every build, cached or not.</summary>
[MemoryDiagnoser]
public class FrontendBenchmarks
{
    private string text = "";

    [GlobalSetup]
    public void Setup() => text = LargeDockerfile.Generate(5000);

    [Benchmark]
    public int Parse() => DockerfileParser.Parse(text).Instructions.Count;
}
