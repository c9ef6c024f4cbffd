namespace Hoist.Building.Copy;

/// <summary>The ordered operations of one COPY/ADD. Order is deterministic: sources in the order written, each
/// directory walked by name, parents before children.</summary>
public sealed record CopyPlan(IReadOnlyList<CopyOperation> Operations)
{
    /// <summary>Set when the instruction reads from a copy source (context or stage) at all.</summary>
    public Context.ICopySource? Source { get; init; }
}
