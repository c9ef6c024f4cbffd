using Hoist.Planning;

namespace Hoist.Dispatch;

/// <summary>A planned stage turned into steps, with the state after its last step (what a stage built on it starts from).</summary>
public sealed record DispatchedStage(PlannedStage Stage, IReadOnlyList<DispatchStep> Steps, DispatchState Final)
{
    /// <summary>The progress title of the FROM step (BuildKit names the resolved base image, variables expanded), or null
    /// for <c>FROM scratch</c> and <c>FROM stage</c>, which BuildKit does not count as steps (<c>FROM build AS test</c>
    /// then <c>RUN</c> shows as <c>[test 1/1] RUN</c>).</summary>
    public string? FromTitle => Stage.BaseKind == StageBaseKind.Image ? "FROM " + Stage.BaseName : null;
}
