using Hoist.Dockerfile.Parsing;

namespace Hoist.Dockerfile.Instructions;

/// <summary>Syntax nodes → typed instructions, with flag parsing and validation. Pure; errors are <see cref="DockerfileException"/>.</summary>
public static class InstructionReader
{
    public static IReadOnlyList<Instruction> Read(DockerfileSyntax syntax)
    {
        throw new NotImplementedException();
    }
}
