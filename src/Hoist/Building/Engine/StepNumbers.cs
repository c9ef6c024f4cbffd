using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>Numbers the steps of one build as BuildKit's progress does (<c>#5 [build 2/3] RUN make</c>); thread-safe.</summary>
internal sealed class StepNumbers(BuildPlan plan)
{
    private int _next;

    public int Count => Volatile.Read(ref _next);

    public BuildStep Next(PlannedStage stage, int position, int total, string text, int line)
    {
        var prefix = stage.Name ?? (plan.Stages.Count > 1 ? $"stage-{stage.Index}" : null);
        var title = prefix is null ? $"[{position}/{total}] {text}" : $"[{prefix} {position}/{total}] {text}";
        return new BuildStep(Interlocked.Increment(ref _next), title, stage.DisplayName, line);
    }

    /// <summary>A step BuildKit shows under its own title, outside the stage's numbering (a context's source).</summary>
    public BuildStep Unnumbered(PlannedStage stage, string title, int line) =>
        new(Interlocked.Increment(ref _next), title, stage.DisplayName, line);
}
