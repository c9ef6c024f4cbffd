namespace Hoist.Dispatch;

/// <summary><c>type=bind</c>: <see cref="Source"/> inside <see cref="From"/> (the build context when null), read-only
/// unless <see cref="ReadWrite"/> (whose writes go to a throw-away copy).</summary>
public sealed record BindMountSpec : MountSpec
{
    public required string Target { get; init; }

    public string? Source { get; init; }

    public SourceRef? From { get; init; }

    public bool ReadWrite { get; init; }
}
