namespace Hoist.Dockerfile.Instructions;

public sealed record ArgInstruction : Instruction
{
    public required IReadOnlyList<ArgDeclaration> Arguments { get; init; }
}
