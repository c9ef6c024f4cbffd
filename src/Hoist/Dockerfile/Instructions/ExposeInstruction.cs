namespace Hoist.Dockerfile.Instructions;

public sealed record ExposeInstruction : Instruction
{
    /// <summary>Ports as written, e.g. <c>80</c>, <c>53/udp</c>, <c>$PORT</c>.</summary>
    public required IReadOnlyList<string> Ports { get; init; }
}
