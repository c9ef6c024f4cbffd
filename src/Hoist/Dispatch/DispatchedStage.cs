using Hoist.Planning;

namespace Hoist.Dispatch;

/// <summary>A planned stage turned into steps, with the state after its last step (what a stage built on it starts from).</summary>
public sealed record DispatchedStage(PlannedStage Stage, IReadOnlyList<DispatchStep> Steps, DispatchState Final)
{
    /// <summary>The progress title of the FROM step (BuildKit names the resolved base image, variables expanded), or null
    /// for <c>FROM scratch</c>, which BuildKit does not count as a step.</summary>
    public string? FromTitle => Stage.BaseKind switch
    {
        StageBaseKind.Scratch => null,
        StageBaseKind.Image => "FROM " + Stage.BaseName,
        _ => Stage.From.Original,
    };
}
