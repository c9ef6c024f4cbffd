using Hoist.Dispatch;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// Whether a step's output is read as files later in this build, decided from the plan before anything runs: by a
/// later layer step of its stage (a RUN mounts it, a COPY or WORKDIR looks at the destination), or by another stage
/// built on the stage, copying from it or mounting it. Such an output is kept as a snapshot (its files are what the
/// reader needs); any other COPY or WORKDIR is written as a blob as it always was, because writing thousands of files
/// costs more than one compression when nothing reads them (bench S3). A later build that needs it unpacks the blob.
/// </summary>
internal sealed class FilesReadLater(BuildPlan plan)
{
    private readonly HashSet<int> _readStages = [.. plan.BuildOrder.SelectMany(s => s.Dependencies).Select(d => d.StageIndex)];

    public bool After(DispatchedStage stage, LayerStep step)
    {
        if (_readStages.Contains(stage.Stage.Index)) return true;
        var position = IndexOf(stage.Steps, step);
        return stage.Steps.Skip(position + 1).Any(s => s is LayerStep);
    }

    private static int IndexOf(IReadOnlyList<DispatchStep> steps, LayerStep step)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (ReferenceEquals(steps[i], step)) return i;
        }
        throw new InvalidOperationException("the step is not one of its stage's");
    }
}
