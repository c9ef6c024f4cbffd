using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Tests.Examples;

/// <summary>Every shipped example is a valid Dockerfile for the frontend.</summary>
public sealed class ExampleDockerfileTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "examples"), "Dockerfile", SearchOption.AllDirectories))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot(), file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_parses_into_instructions_starting_with_ARG_or_FROM(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), relativePath));

        var instructions = InstructionReader.Read(DockerfileParser.Parse(text, relativePath));

        Assert.NotEmpty(instructions);
        Assert.True(instructions[0] is ArgInstruction or FromInstruction);
        Assert.Contains(instructions, i => i is FromInstruction);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hoist.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
