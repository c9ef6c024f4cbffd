namespace Hoist.Dockerfile.Instructions;

/// <summary>Deprecated MAINTAINER: sets the config's author.</summary>
public sealed record MaintainerInstruction : Instruction
{
    public required string Maintainer { get; init; }
}
