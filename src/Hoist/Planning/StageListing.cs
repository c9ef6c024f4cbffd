using Hoist.Dockerfile;
using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Planning;

/// <summary>
/// The stages of a Dockerfile as BuildKit's <c>ListTargets</c> (dockerfile2llb/convert.go) finds them: parsed into
/// instructions and split at FROM, nothing expanded, resolved or validated beyond that. So a file whose ENV cannot be
/// expanded, whose base needs a build arg, or that names a stage twice is still listed, and one without FROM lists
/// nothing; only an instruction before the first FROM other than ARG is refused, as there.
/// </summary>
public static class StageListing
{
    public static IReadOnlyList<ListedStage> List(DockerfileSyntax syntax)
    {
        var stages = new List<ListedStage>();
        foreach (var instruction in InstructionReader.Read(syntax))
        {
            switch (instruction)
            {
                case FromInstruction from:
                    var name = from.StageName?.ToLowerInvariant();
                    stages.Add(new ListedStage(name, name is null ? null : from.DescriptionOf(name), from.BaseName,
                        from.Platform, from.Line, from.EndLine));
                    break;
                case ArgInstruction when stages.Count == 0:
                    break;
                case var other when stages.Count == 0:
                    throw new DockerfileException(syntax.FileName, other.Line, "no build stage in current context");
            }
        }
        return stages;
    }
}
