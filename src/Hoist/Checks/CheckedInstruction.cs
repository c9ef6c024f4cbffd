using Hoist.Dockerfile.Instructions;
using Hoist.Dockerfile.Parsing;

namespace Hoist.Checks;

/// <summary>A typed instruction with the syntax node it came from (keyword casing, comments above it).</summary>
internal sealed record CheckedInstruction(Instruction Instruction, InstructionNode Node)
{
    public Located At => new(Node.StartLine, Node.EndLine);
}
