using System.Diagnostics;
using System.Globalization;
using Hoist.Building.Cache;
using Hoist.Building.Cache.Misses;
using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Planning;

namespace Hoist.Building.Engine;

/// <summary>
/// Runs a dispatched stage's steps on top of its start: config steps change the config and history, layer steps are
/// looked up by key and only run on a miss. Reports each layer step as BuildKit numbers it (FROM counts as step 1
/// unless it is scratch); config steps are not progress steps.
/// </summary>
internal sealed class StageExecutor(BuildCache cache, IBuildEvents events, StepNumbers numbers, LayerStepExecutor layers,
    StepSources keyInputs, StageCopyContentKeys contentKeys, FilesReadLater readers, string fileName, BuildClock clock, StepRecordStore records,
    BuildSlot slot, LayerBuildTimes times, Registry.PullLog? pulls = null)
{
    /// <param name="base">The stage's base as the user knows it, for miss explanations (see <see cref="StageMissContext"/>).</param>
    public async Task<StageProgress> ExecuteAsync(DispatchedStage dispatched, StageProgress start, string @base, CancellationToken cancellationToken)
    {
        var stage = dispatched.Stage;
        var bypass = cache.Bypass(stage.Name, stage.Index.ToString(CultureInfo.InvariantCulture));
        var mayUse = bypass is null;
        var misses = new StageMissContext(records, events, slot, stage, dispatched.Steps.OfType<LayerStep>(), @base, bypass);
        var position = dispatched.FromTitle is null ? 0 : 1;
        // BuildKit counts the FROM of an image, and of a context (whose source step it shows unnumbered), in the total.
        var total = dispatched.Steps.Count(s => s is LayerStep { SourceTitle: null }) + position + (stage.BaseKind == StageBaseKind.Context ? 1 : 0);
        if (dispatched.FromTitle is { } from)
        {
            var fromStep = numbers.Next(stage, 1, total, from, stage.From.Line);
            events.StepStarted(fromStep);
            // A base pulled for this build: its resolve and downloads belong to the FROM step, as in BuildKit.
            var pull = stage.BaseKind == StageBaseKind.Image ? pulls?.Take(stage.BaseName, stage.Platform) : null;
            foreach (var line in pull?.Lines ?? []) events.StepStatus(fromStep, line);
            events.StepCompleted(fromStep, pull?.Elapsed ?? TimeSpan.Zero);
        }
        var progress = start;
        for (var i = 0; i < dispatched.Steps.Count; i++)
        {
            var step = dispatched.Steps[i];
            progress = step switch
            {
                ConfigStep config => ApplyConfig(progress, config, mayUse, stage.Index),
                LayerStep layer => await ReportAsync(progress, layer, Display(stage, layer, ref position, total),
                    mayUse, dispatched, misses, position, dispatched.Steps.Skip(i).OfType<RunStep>().FirstOrDefault(), cancellationToken)
                    .ConfigureAwait(false),
                _ => throw new InvalidOperationException($"unknown step {step.GetType().Name}"),
            };
        }
        // A context's files as the stage's only layer: BuildKit's exporter adds their history entry after the stage's own
        // (config) entries, and so does Hoist. With layers after them BuildKit appends an entry naming the last layer
        // instead, shifting every layer's history by one; Hoist keeps the entry first, beside its layer.
        if (stage.BaseKind == StageBaseKind.Context && progress.Image.Layers.Count == 1) progress = progress with { Image = progress.Image.WithFirstHistoryLast() };
        return progress;
    }

    private BuildStep Display(PlannedStage stage, LayerStep step, ref int position, int total) =>
        step.SourceTitle is { } title ? numbers.Unnumbered(stage, title, step.Line) : numbers.Next(stage, ++position, total, step.Text, step.Line);

    /// <summary>The effect of a config step is always recomputed (it is cheap); a hit restores the history timestamp so
    /// that a fully cached build writes the very same config.</summary>
    private StageProgress ApplyConfig(StageProgress progress, ConfigStep step, bool mayUse, int stage)
    {
        var image = progress.Image with { Config = step.Config, Author = step.Author };
        var chain = step.Key(progress.Chain);
        if (step.AddsHistory)
        {
            image = image.WithHistory(step.CreatedBy, emptyLayer: true, clock.Now);
            if (cache.Lookup(chain, mayUse, stage) is { } entry) image = image.WithLastCreated(clock.Cached(entry.Created));
            else cache.Record(new CacheEntry(chain, clock.Recorded(image.History[^1].Created!.Value), null), stage);
        }
        return progress with { Image = image, Chain = chain };
    }

    private async Task<StageProgress> ReportAsync(StageProgress progress, LayerStep step, BuildStep display, bool mayUse,
        DispatchedStage stage, StageMissContext misses, int position, RunStep? nextRun, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        events.StepStarted(display);
        (StageProgress Next, bool Cached) result;
        try
        {
            var explain = misses.Next(display, keyInputs);
            var read = readers.After(stage, step);
            result = await ExecuteAsync(progress, step, display, mayUse, stage.Stage.Index, explain, read, nextRun, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (BuildStepException e)
        {
            events.StepFailed(display, clock.Elapsed, e.Cause);
            throw;
        }
        catch (HoistException e)
        {
            events.StepFailed(display, clock.Elapsed, e.Message);
            throw new BuildStepException(display, fileName, e.Message, [], e);
        }
        if (result.Cached) events.StepCached(display);
        else events.StepCompleted(display, clock.Elapsed);
        return result.Next;
    }

    /// <summary>A hit adds the cached layer as is (nothing runs, nothing is unpacked or compressed); a miss runs the step
    /// and records it, or (a step without a key) keys what follows by the layer it produced. A COPY from a stage whose
    /// first key misses is looked up again by the content it selects (<see cref="StageCopyContentKeys"/>).</summary>
    private async Task<(StageProgress Next, bool Cached)> ExecuteAsync(StageProgress progress, LayerStep step, BuildStep display,
        bool mayUse, int stage, StepMisses explain, bool filesReadLater, RunStep? nextRun, CancellationToken cancellationToken)
    {
        var image = progress.Image with { Config = step.Config, Author = step.Author };
        var (key, entry) = await LookupAsync(progress, step, display, explain.Inputs, mayUse, stage, cancellationToken).ConfigureAwait(false);
        if (key is { } known && entry is { Layer: { } cached })
        {
            explain.Built(step, progress.Filesystem, known);
            return (Hit(progress, image, step, known, entry with { Layer = cached }), true);
        }
        var contentKey = key is null ? null
            : await contentKeys.KeyAsync(step, progress.Filesystem, new StepExtractionProgress(events, display), explain.Files, cancellationToken).ConfigureAwait(false);
        if (key is { } first && contentKey is { } content && cache.Lookup(content, mayUse, stage) is { Layer: not null } byContent)
        {
            cache.Record(byContent with { Key = first }, stage);
            explain.Built(step, progress.Filesystem, first);
            return (Hit(progress, image, step, first, byContent), true);
        }
        explain.Missed(step, progress.Filesystem, key);
        layers.Missed(nextRun);
        var started = DateTimeOffset.UtcNow;
        var previous = explain.PreviousKey is { } last ? cache.Index.TryGet(last)?.Layer?.Blob : null;
        var layer = await layers.ExecuteAsync(step, image, display, filesReadLater, cancellationToken, previous).ConfigureAwait(false);
        var windows = await times.MadeAsync(step, image, started, keyInputs, cancellationToken).ConfigureAwait(false);
        times.Remember(layer.DiffId, windows);
        var built = image.WithLayer(layer, step.CreatedBy, clock.Now, Comment(step));
        if (key is not { } recorded) return (progress.AfterLayer(built, StepKeys.Produced(progress.Filesystem, layer.DiffId)), false);
        var made = new CacheEntry(recorded, clock.Recorded(built.History[^1].Created ?? DateTimeOffset.UtcNow), layer) { Windows = windows };
        cache.Record(made, stage);
        explain.Built(step, progress.Filesystem, recorded);
        if (contentKey is { } contentRecorded) cache.Record(made with { Key = contentRecorded }, stage);
        return (progress.AfterLayer(built, StageCopyContentKeys.After(step, progress.Filesystem, recorded, layer)), false);
    }

    private StageProgress Hit(StageProgress progress, StageImage image, LayerStep step, Digest key, CacheEntry entry)
    {
        layers.Cached(step);
        var layer = entry.Layer!;
        times.Remember(layer.DiffId, entry.Windows);
        var cached = image.WithLayer(layer, step.CreatedBy, clock.Now, Comment(step)).WithLastCreated(clock.Cached(entry.Created));
        return progress.AfterLayer(cached, StageCopyContentKeys.After(step, progress.Filesystem, key, layer));
    }

    private static string Comment(LayerStep step) => step.SourceTitle is null ? StageImage.DockerfileComment : StageImage.ExporterComment;

    /// <summary>The step's key and its cache entry, timed: a COPY's key hashes its sources (the context scan), so that
    /// part is its own phase.</summary>
    private async Task<(Hoist.Oci.Digest? Key, CacheEntry? Entry)> LookupAsync(StageProgress progress, LayerStep step, BuildStep display,
        IStepKeyInputs inputs, bool mayUse, int stage, CancellationToken cancellationToken)
    {
        Hoist.Oci.Digest? key;
        using (events.Measure(step is CopyStep ? BuildPhases.ContextHash : BuildPhases.CacheLookup, display))
        {
            key = await step.KeyAsync(progress.Filesystem, inputs, cancellationToken).ConfigureAwait(false);
            if (step is not CopyStep) return (key, key is { } known ? cache.Lookup(known, mayUse, stage) : null);
        }
        using (events.Measure(BuildPhases.CacheLookup, display)) return (key, key is { } copied ? cache.Lookup(copied, mayUse, stage) : null);
    }
}
