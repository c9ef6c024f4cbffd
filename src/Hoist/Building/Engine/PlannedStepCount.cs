using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// How many steps a build will show, known before the first runs (BuildKit's progress knows its whole graph at once):
/// every stage of the build order dispatched once, as <see cref="StageRunner"/> will dispatch it (dispatch is pure, the
/// images are resolved already), counting its FROM step and its layer steps as <see cref="StageExecutor"/> numbers them.
/// </summary>
internal static class PlannedStepCount
{
    /// <summary>The count; null when a stage cannot be dispatched yet (its error is reported when the stage runs).</summary>
    public static async Task<int?> CountAsync(BuildPlan plan, StageDispatcher dispatcher, IImageSource images, CancellationToken cancellationToken)
    {
        var finals = new Dictionary<int, DispatchState>();
        var total = 0;
        try
        {
            foreach (var stage in plan.BuildOrder)
            {
                var start = stage.BaseKind switch
                {
                    StageBaseKind.Stage when finals.TryGetValue(stage.BaseStageIndex!.Value, out var parent) => StageStart.FromStage(parent),
                    StageBaseKind.Stage => null,
                    StageBaseKind.Scratch or StageBaseKind.Context => StageStart.Scratch(plan),
                    _ => StageStart.FromImage(plan, (await images.ResolveAsync(stage.BaseName, stage.Platform, cancellationToken).ConfigureAwait(false)).Config),
                };
                if (start is null) return null;
                var dispatched = dispatcher.Dispatch(stage, start);
                finals[stage.Index] = dispatched.Final;
                total += dispatched.Steps.Count(s => s is LayerStep) + (dispatched.FromTitle is null ? 0 : 1);
            }
        }
        catch (HoistException)
        {
            return null;
        }
        return total;
    }
}
