using Hoist.Building.Cache;
using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>One stage from start to outcome: its base (scratch, an image, a directory or git context, or the stage it is built on), its dispatch,
/// then its steps.</summary>
internal sealed class StageRunner(BuildPlan plan, StageDispatcher dispatcher, IImageSource images, Func<int, Task<StageOutcome>> stages,
    StageExecutor executor, BuildClock clock)
{
    public async Task<PreparedStage> PrepareAsync(PlannedStage stage, CancellationToken cancellationToken)
    {
        switch (stage.BaseKind)
        {
            case StageBaseKind.Stage:
                var parent = await stages(stage.BaseStageIndex!.Value).ConfigureAwait(false);
                var image = parent.Image with { Config = parent.Image.Config with { OnBuild = null } };
                return new(dispatcher.Dispatch(stage, StageStart.FromStage(parent.Final)), new StageProgress(image, parent.Keys.Filesystem, parent.Keys.Chain),
                    "stage " + stage.BaseName);
            case StageBaseKind.Scratch:
                return Prepare(stage, StageStart.Scratch(plan), new StageImage { Platform = stage.Platform }, "scratch");
            case StageBaseKind.Context:
                // The context's files are the stage's first step (see StageDispatcher), on scratch.
                return Prepare(stage, StageStart.Scratch(plan), new StageImage { Platform = stage.Platform }, "context " + stage.BaseContext!.Name);
            default:
                var found = await images.ResolveAsync(stage.BaseName, stage.Platform, cancellationToken).ConfigureAwait(false);
                return Prepare(stage, StageStart.FromImage(plan, found.Config), StageImage.From(found), $"{stage.BaseName}@{found.ManifestDigest}");
        }
    }

    private PreparedStage Prepare(PlannedStage stage, StageStart start, StageImage baseImage, string @base)
    {
        var state = start.State.ConfigState;
        var image = baseImage with { Config = state.Config, Author = state.Author };
        return new(dispatcher.Dispatch(stage, start), StageProgress.Start(image, clock), @base);
    }

    public async Task<StageOutcome> ExecuteAsync(PreparedStage prepared, CancellationToken cancellationToken)
    {
        var end = await executor.ExecuteAsync(prepared.Dispatched, prepared.Start, prepared.Base, cancellationToken).ConfigureAwait(false);
        return new StageOutcome(end.Image, prepared.Dispatched.Final, new StageKeys(end.Filesystem, end.Chain));
    }
}
