namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// HEALTHCHECK. <see cref="Test"/> follows the image config: <c>["NONE"]</c>, <c>["CMD", args…]</c> or
/// <c>["CMD-SHELL", command]</c>. Durations are null when not given.
/// </summary>
public sealed record HealthcheckInstruction : Instruction
{
    public required IReadOnlyList<string> Test { get; init; }

    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public TimeSpan? StartPeriod { get; init; }

    public TimeSpan? StartInterval { get; init; }

    public int? Retries { get; init; }
}
