using System.Globalization;
using Hoist.Building.Cache.Misses;
using Hoist.Dispatch;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// What the miss explanations of one stage share: where its records live, its base as the user knows it
/// (<c>NAME@sha256:…</c>, <c>scratch</c>, <c>stage build</c>), why it may not use the cache, if it may not, and which
/// step of its last build each step is (<see cref="StepLineup"/>). Hands out each layer step's <see cref="StepMisses"/>
/// in order, so each knows the step before it.
/// </summary>
internal sealed class StageMissContext
{
    private readonly StepRecordStore _records;
    private readonly IBuildEvents _events;
    private readonly string _stageFiles;
    private readonly IReadOnlyList<string> _identities;
    private readonly Lazy<IReadOnlyList<string>?> _previous;
    private int _next;
    private int? _previousStep;

    public StageMissContext(StepRecordStore records, IBuildEvents events, BuildSlot slot, PlannedStage stage, IEnumerable<LayerStep> steps,
        string @base, string? bypass)
    {
        (_records, _events, Base, Bypass) = (records, events, @base, bypass);
        _stageFiles = records.StageFiles(slot.ContextDirectory, slot.DockerfilePath,
            $"{stage.Name ?? stage.Index.ToString(CultureInfo.InvariantCulture)} {stage.Platform}");
        _identities = StepLineup.Identities(steps.Select(s => s.Text));
        _previous = new(ReadAndReplaceOrder);
    }

    public string Base { get; }

    public string? Bypass { get; }

    public StepMisses Next(BuildStep display, StepSources sources)
    {
        var index = _next++;
        var path = PathOf(_identities[index]);
        var (replaced, absent) = StepLineup.Place(_previous.Value, _identities, index);
        var step = new StepMisses(_records, path, replaced is null ? null : PathOf(replaced), absent, _events, display, this, _previousStep, sources);
        _previousStep = display.Id;
        return step;
    }

    private string PathOf(string step) => _stageFiles + step;

    /// <summary>The last build's order, read once; this build's replaces it when it differs (a warm build writes nothing).</summary>
    private IReadOnlyList<string>? ReadAndReplaceOrder()
    {
        var path = PathOf("order");
        var previous = _records.ReadOrder(path);
        if (previous is null || !previous.SequenceEqual(_identities)) _records.WriteOrder(path, _identities);
        return previous;
    }
}
