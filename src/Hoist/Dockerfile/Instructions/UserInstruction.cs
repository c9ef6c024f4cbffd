namespace Hoist.Dockerfile.Instructions;

public sealed record UserInstruction : Instruction
{
    /// <summary><c>user[:group]</c> as written.</summary>
    public required string User { get; init; }
}
