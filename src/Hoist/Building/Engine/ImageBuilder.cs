using System.Diagnostics;
using Hoist.Analysis;
using Hoist.Building.Cache.Misses;
using Hoist.Building.Context;
using Hoist.Building.Context.Git;
using Hoist.Content;
using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// The build engine: builds the stages of <see cref="BuildPlan.BuildOrder"/> with the collaborators it is given (see
/// <see cref="StageScheduler"/>), writes the target's config and manifest to the store and names it.
/// </summary>
public sealed class ImageBuilder(BuildServices services)
{
    /// <summary>The build context; a context fetched from a URL has no .dockerignore applied, as in BuildKit.</summary>
    private static BuildContext? OpenContext(BuildOptions options) =>
        options.ContextDirectory is null ? null
        : options.ContextUrl is null ? BuildContext.Open(options.ContextDirectory, options.DockerfilePath)
        : new BuildContext(options.ContextDirectory, PathPatternSet.Empty);

    public async Task<BuildResult> BuildAsync(BuildOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var plan = options.Plan;
        // Cache lookups, summaries and exports read the layers this build keeps only as snapshots.
        SnapshotLayers.AttachTo(services.Store, services.Snapshots);
        using var lease = await services.Store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var context = OpenContext(options);
        var images = new PlannedImages(services.Images);
        using (services.Events.Measure(BuildPhases.Resolve)) await images.ResolveAllAsync(plan, cancellationToken).ConfigureAwait(false);
        var split = new SplitReport(services.Store, new SnapshotLayers(services.Store, services.Snapshots));
        using var scheduler = new StageScheduler(plan, options.Jobs, cancellationToken);
        var events = options.ReportSplit ? await StartSplitAsync(split, plan, images, scheduler, cancellationToken).ConfigureAwait(false) : services.Events;
        var numbers = new StepNumbers(plan);
        var caches = new CacheMountStore(services.Store.Root);
        var dispatcher = new StageDispatcher(plan, options.Network, options.AllowInsecure, options.Sandbox.KeyText);
        if (await PlannedStepCount.CountAsync(plan, dispatcher, images, cancellationToken).ConfigureAwait(false) is { } planned)
        {
            services.Events.StepsPlanned(planned);
        }
        var times = new LayerBuildTimes();
        var outcomes = await scheduler.RunAsync(CreateRunner(options, context, images, scheduler, numbers, caches, dispatcher, times, events))
            .ConfigureAwait(false);
        services.Cache.Complete();
        var final = TargetPlatformConfig.Apply(WithLabels(outcomes[plan.Target.Index].Image, options.Labels), plan);
        Image built;
        using (services.Events.Measure(BuildPhases.Export))
        {
            built = await WriteImageAsync(await RewriteTimesAsync(final, times, options, cancellationToken).ConfigureAwait(false), BuildClock.For(options),
                cancellationToken).ConfigureAwait(false);
        }
        var names = await NameAsync(services.Store, built.ManifestDigest, options.Tags, cancellationToken).ConfigureAwait(false);
        var summaryTimer = services.Events.Measure(BuildPhases.Summary);
        var summaries = await SummarizeAllAsync(plan, outcomes, cancellationToken).ConfigureAwait(false);
        var (leftBehind, toolchain) = options.ReportSplit
            ? await split.ComputeAsync(OtherStages(plan, outcomes), built, cancellationToken).ConfigureAwait(false)
            : (null, []);
        summaryTimer.Dispose();
        return new BuildResult
        {
            LeftBehind = leftBehind,
            Toolchain = toolchain,
            ImageId = built.ConfigDigest,
            ManifestDigest = built.ManifestDigest,
            Image = built,
            Names = names,
            Final = summaries.Single(s => s.Index == plan.Target.Index),
            Stages = summaries,
            Elapsed = clock.Elapsed,
            StepCount = numbers.Count,
            SourceDateEpoch = plan.SourceDateEpoch,
            SourceDateEpochOrigin = plan.SourceDateEpochOrigin,
            TargetCacheEntries = services.Cache.UsedBy(TargetChain(plan)),
            AllCacheEntries = services.Cache.UsedBy(plan.BuildOrder.Select(s => s.Index)),
            CacheMounts = caches.Used,
        };
    }

    private async Task<List<StageSummary>> SummarizeAllAsync(BuildPlan plan, IReadOnlyDictionary<int, StageOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        var summaries = new List<StageSummary>();
        foreach (var stage in plan.BuildOrder)
        {
            summaries.Add(await SummarizeAsync(stage, outcomes[stage.Index].Image, cancellationToken).ConfigureAwait(false));
        }
        return summaries;
    }

    /// <summary>Walks the bases the split report needs records of now (a cold build) and starts walking them for the
    /// report when a step first misses the cache; the events the build then reports to.</summary>
    private async Task<IBuildEvents> StartSplitAsync(SplitReport split, BuildPlan plan, PlannedImages images, StageScheduler scheduler,
        CancellationToken cancellationToken)
    {
        var bases = await BaseImagesAsync(plan, images, cancellationToken).ConfigureAwait(false);
        split.WalkBases(bases.Select(b => b.Base), cancellationToken);
        var chain = TargetChain(plan).ToHashSet();
        List<SplitStage> stages = [.. bases.Select(b => chain.Contains(b.Stage.Index)
            ? new SplitStage(b.Base)
            : new SplitStage(b.Base, b.Stage.DisplayName, () => scheduler.ResultAsync(b.Stage.Index)))];
        return new FirstMissEvents(services.Events, () => split.StartWalks(stages, cancellationToken));
    }

    /// <summary>The images the stages are built FROM (resolved already, so no lookup waits).</summary>
    private static async Task<List<(PlannedStage Stage, Image Base)>> BaseImagesAsync(BuildPlan plan, PlannedImages images,
        CancellationToken cancellationToken)
    {
        var bases = new List<(PlannedStage, Image)>();
        foreach (var stage in plan.BuildOrder.Where(s => s.BaseKind == StageBaseKind.Image))
        {
            if (await images.FindAsync(stage.BaseName, stage.Platform, cancellationToken).ConfigureAwait(false) is { } image) bases.Add((stage, image));
        }
        return bases;
    }

    /// <summary>Wires one build's parts: sources and executors see other stages only through the scheduler.</summary>
    private StageRunner CreateRunner(BuildOptions options, BuildContext? context, IImageSource images, StageScheduler scheduler, StepNumbers numbers,
        CacheMountStore caches, StageDispatcher dispatcher, LayerBuildTimes times, IBuildEvents events)
    {
        var plan = options.Plan;
        var clock = BuildClock.For(options);
        var layers = new LayerDirectories(services.Store, services.Snapshots, services.Snapshotter);
        var sources = new StepSources(context, services.Cache.FileHashes, images, scheduler.ResultAsync,
            new GitSource(services.Scratch.NewDirectory));
        var output = new LayerOutput(services.Store, new SnapshotLayers(services.Store, services.Snapshots), clock.LayerOptions);
        var mounts = new RunMountSources(sources, layers, caches, options.Secrets, options.SshAgents, services.Scratch);
        var executors = new LayerStepExecutor(
            new RunExecutor(layers, services.Runtime, mounts, output, events, plan.FileName),
            new CopyExecutor(layers, sources, output, services.Scratch, clock, events),
            new WorkdirExecutor(layers, output, clock, events));
        var executor = new StageExecutor(services.Cache, events, numbers, executors, sources,
            new StageCopyContentKeys(layers, sources), new FilesReadLater(plan), plan.FileName, clock, new StepRecordStore(services.Store.Root),
            options.ContextUrl is { } url ? new BuildSlot(url, null) : new BuildSlot(options.ContextDirectory, options.DockerfilePath), times, services.Pulls);
        return new StageRunner(plan, dispatcher, images, scheduler.ResultAsync,
            executor, clock);
    }

    private static StageImage WithLabels(StageImage image, IReadOnlyList<KeyValuePair<string, string>> extra)
    {
        if (extra.Count == 0) return image;
        var labels = new Dictionary<string, string>(image.Config.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in extra) labels[key] = value;
        return image with { Config = image.Config with { Labels = labels } };
    }

    /// <summary>Points every <c>-t</c> name at <paramref name="manifest"/> (a manifest, or a multi-platform build's index).</summary>
    internal static async Task<IReadOnlyList<ImageReference>> NameAsync(ContentStore store, Digest manifest, IReadOnlyList<string> tags,
        CancellationToken cancellationToken)
    {
        var names = new List<ImageReference>();
        foreach (var tag in tags)
        {
            if (!ImageReference.TryParse(tag, out var reference, out var error)) throw new HoistException($"invalid tag \"{tag}\": {error}");
            await store.Names.SetAsync(reference, manifest, cancellationToken).ConfigureAwait(false);
            names.Add(reference);
        }
        return names;
    }

    /// <summary>The stages built that the final image does not stand on (build stages, test stages…), with their images.</summary>
    private static List<(string, StageImage)> OtherStages(BuildPlan plan, IReadOnlyDictionary<int, StageOutcome> outcomes)
    {
        var chain = TargetChain(plan).ToHashSet();
        return [.. plan.BuildOrder.Where(s => !chain.Contains(s.Index)).Select(s => (s.DisplayName, outcomes[s.Index].Image))];
    }

    /// <summary>The target stage and the stages it is built on (FROM stage), whose layers the final image holds.</summary>
    private static IEnumerable<int> TargetChain(BuildPlan plan)
    {
        for (int? index = plan.Target.Index; index is { } i; index = plan.Stages.First(s => s.Index == i).BaseStageIndex) yield return i;
    }

    /// <summary>Under SOURCE_DATE_EPOCH (rewriting on) the image's own layers are rewritten to the epoch here, after the
    /// cache: the steps were made and cached as without an epoch (see <see cref="BuildClock"/>).</summary>
    private async Task<StageImage> RewriteTimesAsync(StageImage image, LayerBuildTimes times, BuildOptions options, CancellationToken cancellationToken)
    {
        var clock = BuildClock.For(options);
        if (clock.ExportEpoch is not { } epoch) return image;
        var clamped = new ClampedLayers(new SnapshotLayers(services.Store, services.Snapshots));
        return await times.ClampAsync(image, epoch, clamped, clock.LayerOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store as the sink of the built image: config, then manifest (its layers are there already).</summary>
    private async Task<Image> WriteImageAsync(StageImage image, BuildClock clock, CancellationToken cancellationToken)
    {
        var format = clock.Format ?? ImageExportFormat.Default;
        var config = StoredConfig.Create(clock.Stamp(image));
        await services.Store.WriteAsync(config, cancellationToken).ConfigureAwait(false);
        var manifest = StoredManifest.Create(new ImageManifest
        {
            MediaType = format.ManifestMediaType,
            Config = config.ToDescriptor(format.ConfigMediaType),
            Layers = [.. image.Layers.Select(l => format.Layer(l.Blob))],
            Annotations = ImageAnnotations.OrNull(format.Annotations.ManifestFor(image.Platform)),
        });
        await services.Store.WriteAsync(manifest, cancellationToken).ConfigureAwait(false);
        return Image.Create(manifest, config);
    }

    private async Task<StageSummary> SummarizeAsync(PlannedStage stage, StageImage image, CancellationToken cancellationToken)
    {
        long uncompressed = 0, baseSize = 0; // docker's size: the layers' file bytes
        var baseLayers = Math.Min(image.Layers.Count, image.History.Take(image.BaseHistoryCount).Count(h => !h.EmptyLayer));
        foreach (var (layer, index) in image.Layers.Select((l, i) => (l, i)))
        {
            var size = (await LayerSizeIndex.GetAsync(services.Store, layer.Blob.Digest, cancellationToken).ConfigureAwait(false)).Content;
            uncompressed += size;
            if (index < baseLayers) baseSize += size;
        }
        return new StageSummary(stage.DisplayName, stage.Index, image.Layers.Count, image.Layers.Sum(l => l.Blob.Size), uncompressed)
        {
            BaseLayers = baseLayers, BaseUncompressedSize = baseSize,
        };
    }
}
