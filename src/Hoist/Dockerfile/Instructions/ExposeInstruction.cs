namespace Hoist.Dockerfile.Instructions;

public sealed record ExposeInstruction : Instruction, IExpandable
{
    /// <summary>Ports as written, e.g. <c>80</c>, <c>53/udp</c>, <c>$PORT</c>.</summary>
    public required IReadOnlyList<string> Ports { get; init; }

    /// <summary>Unlike the other instructions, one port word may expand into several (BuildKit's ProcessWords).</summary>
    public Instruction Expand(Func<string, string> expandWord, Func<string, IReadOnlyList<string>> expandWords)
    {
        return this with { Ports = Ports.SelectMany(expandWords).ToArray() };
    }
}
