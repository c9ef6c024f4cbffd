using Hoist.Building.Cache.Misses;
using Hoist.Dispatch;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// One layer step's explanation: its key inputs are recorded as the key is computed; on a miss the reason (relative to
/// the record of the step's last build) is reported before the step runs; once it has a result, its record replaces
/// the previous one unless that holds the same key (a warm build writes nothing).
/// </summary>
/// <param name="path">The record of this step (by its identity).</param>
/// <param name="replacedPath">Without a record of its own: the record of the step it replaced, if any.</param>
/// <param name="absent">Why neither record exists (<c>first build</c>, <c>step inserted</c>…).</param>
internal sealed class StepMisses(StepRecordStore records, string path, string? replacedPath, string absent, IBuildEvents events,
    BuildStep display, StageMissContext stage, int? parentStep, StepSources sources)
{
    private readonly KeyInputRecorder _inputs = new(sources);
    private Digest? _recordedKey;
    private bool _read;
    private StepRecord? _described;

    /// <summary>What the step's key reads, to pass to <see cref="LayerStep.KeyAsync"/>.</summary>
    public IStepKeyInputs Inputs => _inputs;

    /// <summary>After <see cref="Missed"/>: the key of the step's last build, when its record has one.</summary>
    public Digest? PreviousKey => _recordedKey;

    /// <summary>Takes the files a second key read (a COPY --from's selection in its stage), to name them on a miss.</summary>
    public Action<Hoist.Building.Copy.CopyEntryFingerprint> Files => _inputs.AddFile;

    public void Missed(LayerStep step, Digest parent, Digest? key)
    {
        string reason;
        if (key is not { } known) reason = stage.Bypass ?? "never cached (ADD of a URL or git source without --checksum)";
        else
        {
            var previous = records.Read(path);
            (_recordedKey, _read) = (previous?.Key, true);
            if (previous is null && replacedPath is not null) previous = records.Read(replacedPath);
            reason = MissReason.Explain(previous, Describe(step, parent, known), _inputs.Files, parentStep, stage.Bypass, absent);
        }
        events.StepMissed(display, reason);
    }

    public void Built(LayerStep step, Digest parent, Digest key)
    {
        var recorded = _read ? _recordedKey : records.ReadKey(path);
        if (recorded != key) records.Write(path, Describe(step, parent, key));
    }

    /// <summary>Described once per step: a miss describes it to explain, then records the same description.</summary>
    private StepRecord Describe(LayerStep step, Digest parent, Digest key) => _described is { } done && done.Key == key && done.Parent == parent
        ? done
        : _described = StepInputs.Describe(step, key, parent, stage.Base, _inputs.Sources, _inputs.Files);
}
