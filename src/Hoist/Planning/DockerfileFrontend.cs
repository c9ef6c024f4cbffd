using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Planning;

/// <summary>The whole frontend in one call: text → syntax → typed instructions → stage graph pruned to the target.</summary>
public static class DockerfileFrontend
{
    public static BuildPlan Plan(string text, string fileName, PlanOptions options)
    {
        using var reader = new StringReader(text);
        return Plan(reader, fileName, options);
    }

    /// <summary>Plans while reading: the text is parsed line by line and never held whole.</summary>
    public static BuildPlan Plan(TextReader reader, string fileName, PlanOptions options)
    {
        var syntax = DockerfileParser.Parse(reader, fileName);
        var instructions = InstructionReader.Read(syntax);
        return StagePlanner.Plan(fileName, instructions, options with { EscapeChar = syntax.EscapeChar });
    }
}
