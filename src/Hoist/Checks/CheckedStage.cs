using Hoist.Dockerfile.Instructions;

namespace Hoist.Checks;

/// <summary>A stage as the checks see it: its FROM, its instructions, and what the FROM resolved to.</summary>
internal sealed record CheckedStage(int Index, CheckedInstruction FromLine, IReadOnlyList<CheckedInstruction> Commands)
{
    public FromInstruction From => (FromInstruction)FromLine.Instruction;

    public string? Name => From.StageName;

    /// <summary>The base name with the global ARGs expanded.</summary>
    public string BaseName { get; init; } = "";

    /// <summary>The earlier stage this one is built on, if its base names one.</summary>
    public int? BaseStage { get; init; }

    /// <summary>The FROM --platform value, expanded and parsed; null when not given.</summary>
    public Oci.Platform? ResolvedPlatform { get; init; }
}
