namespace Hoist.Execution;

/// <summary>One container in <c>runc list --format json</c>: the fields the orphan sweep needs.</summary>
public sealed record RuncListEntry
{
    public string Id { get; init; } = "";

    public int Pid { get; init; }

    public string Status { get; init; } = "";

    public string Bundle { get; init; } = "";
}
