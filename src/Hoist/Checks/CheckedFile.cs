using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Checks;

/// <summary>
/// The Dockerfile read for checking: global ARGs and stages. Reading runs the rules BuildKit runs while it parses each
/// instruction, so an instruction that fails to read still has the findings of those before it.
/// </summary>
internal sealed record CheckedFile(DockerfileSyntax Syntax, IReadOnlyList<CheckedInstruction> MetaArgs, IReadOnlyList<CheckedStage> Stages)
{
    public static CheckedFile Read(DockerfileSyntax syntax, FindingSink sink)
    {
        var metaArgs = new List<CheckedInstruction>();
        var stages = new List<(CheckedInstruction From, List<CheckedInstruction> Commands)>();
        foreach (var node in syntax.Instructions)
        {
            ParseRules.Check(node, sink);
            var line = new CheckedInstruction(InstructionReader.Read(node, syntax.FileName, syntax.EscapeChar), node);
            ParseRules.CheckDescription(line, sink);
            if (line.Instruction is FromInstruction) stages.Add((line, []));
            else if (stages.Count > 0) stages[^1].Commands.Add(line);
            else if (line.Instruction is ArgInstruction) metaArgs.Add(line);
            else throw new DockerfileException(syntax.FileName, node.StartLine, "no build stage in current context");
        }
        if (stages.Count == 0) throw new DockerfileException(syntax.FileName, 0, "dockerfile contains no stages to build");
        return new CheckedFile(syntax, metaArgs, [.. stages.Select((s, i) => new CheckedStage(i, s.From, s.Commands))]);
    }

    public IEnumerable<CheckedInstruction> All =>
        MetaArgs.Concat(Stages.SelectMany(s => s.Commands.Prepend(s.FromLine))).OrderBy(i => i.Node.StartLine);
}
