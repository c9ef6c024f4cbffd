using System.Globalization;
using Hoist.Building.Cache.Misses;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// What the miss explanations of one stage share: where its records live, its base as the user knows it
/// (<c>NAME@sha256:…</c>, <c>scratch</c>, <c>stage build</c>), and why it may not use the cache, if it may not.
/// Hands out each layer step's <see cref="StepMisses"/> in order, so each knows the step before it.
/// </summary>
internal sealed class StageMissContext(StepRecordStore records, IBuildEvents events, BuildSlot slot, PlannedStage stage, string @base,
    string? bypass)
{
    private int? _previous;

    public string Base => @base;

    public string? Bypass => bypass;

    public StepMisses Next(int position, BuildStep display, StepSources sources)
    {
        var name = $"{stage.Name ?? stage.Index.ToString(CultureInfo.InvariantCulture)} {stage.Platform}";
        var path = records.PathOf(slot.ContextDirectory, slot.DockerfilePath, name, position);
        var step = new StepMisses(records, path, events, display, this, _previous, sources);
        _previous = display.Id;
        return step;
    }
}
