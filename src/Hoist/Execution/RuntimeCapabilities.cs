namespace Hoist.Execution;

/// <summary>runtime-spec config.md "capabilities": names like <c>CAP_CHOWN</c> per set.</summary>
public sealed record RuntimeCapabilities
{
    public IReadOnlyList<string>? Bounding { get; init; }

    public IReadOnlyList<string>? Effective { get; init; }

    public IReadOnlyList<string>? Permitted { get; init; }
}
