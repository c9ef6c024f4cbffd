using System.Diagnostics;
using Hoist.Archives;
using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Content;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// <c>hoist build</c>'s engine: builds the stages of <see cref="BuildPlan.BuildOrder"/> (independent ones in parallel,
/// at most <see cref="BuildOptions.Jobs"/> at once; the first failure cancels the rest), writes the target's config and
/// manifest to the store and names it.
/// </summary>
public sealed class ImageBuilder(ContentStore store, IBuildEvents? events = null)
{
    private readonly IBuildEvents _events = events ?? NullBuildEvents.Instance;

    /// <summary>Where unpacked layers and RUN snapshots live: beside the blobs, on the same file system.</summary>
    public string SnapshotRoot => Path.Combine(store.Root, "snapshots");

    public async Task<BuildResult> BuildAsync(BuildOptions options, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var plan = options.Plan;
        var snapshots = new SnapshotStore(SnapshotRoot);
        var runtimeOptions = new RuncRuntimeOptions
        {
            RuntimePath = options.RuntimePath, StateRoot = RuncRuntimeOptions.StateRootUnder(store.Root), PidsLimit = options.PidsLimit,
        };
        StaleRuns.Clean(snapshots.RunsPath, runtimeOptions);
        var scratch = ScratchSpace.Create(snapshots.RunsPath);
        var workRoot = scratch.Path;
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var layers = new LayerDirectories(store, snapshots, new AutoSnapshotter(workRoot, options.ForceCopySnapshots));
            await using var runtime = new RuncRuntime(runtimeOptions with { BundleRoot = workRoot, PrestartNetwork = true });
            var context = options.ContextDirectory is null ? null : BuildContext.Open(options.ContextDirectory, options.DockerfilePath);
            var gate = new SemaphoreSlim(Math.Max(1, options.Jobs));
            var tasks = new Dictionary<int, Lazy<Task<StageOutcome>>>();
            BuildSession? session = null;
            var cache = new BuildCache(store, options.NoCache, options.NoCacheStages);
            session = new BuildSession(store, options, _events, layers, runtime, context)
            {
                Cache = cache,
                Scratch = scratch,
                StageResult = index => tasks.TryGetValue(index, out var task)
                    ? task.Value
                    : throw new InvalidOperationException($"stage {index} is not part of the build order"),
            };
            foreach (var stage in plan.BuildOrder)
            {
                tasks[stage.Index] = new Lazy<Task<StageOutcome>>(() => BuildStageAsync(session, stage, gate, failed));
            }
            var all = plan.BuildOrder.Select(s => tasks[s.Index].Value).ToList();
            try
            {
                await Task.WhenAll(all).ConfigureAwait(false);
            }
            catch
            {
                // Report the first real failure, not a cancellation it caused in another stage.
                var first = all.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!)
                    .FirstOrDefault(e => e is not OperationCanceledException);
                if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
                throw;
            }
            cache.Complete();
            var outcomes = plan.BuildOrder.ToDictionary(s => s.Index, s => tasks[s.Index].Value.Result);
            var final = outcomes[plan.Target.Index].Image;
            if (options.Labels.Count > 0)
            {
                var labels = new Dictionary<string, string>(final.Config.Labels ?? new Dictionary<string, string>());
                foreach (var (key, value) in options.Labels) labels[key] = value;
                final = final with { Config = final.Config with { Labels = labels } };
            }
            var (configDigest, manifestDigest) = await WriteImageAsync(final, cancellationToken).ConfigureAwait(false);
            var names = new List<ImageReference>();
            foreach (var tag in options.Tags)
            {
                if (!ImageReference.TryParse(tag, out var reference, out var error)) throw new HoistException($"invalid tag \"{tag}\": {error}");
                await store.Names.SetAsync(reference, manifestDigest, cancellationToken).ConfigureAwait(false);
                names.Add(reference);
            }
            var summaries = new List<StageSummary>();
            foreach (var stage in plan.BuildOrder)
            {
                summaries.Add(await SummarizeAsync(stage, outcomes[stage.Index].Image, cancellationToken).ConfigureAwait(false));
            }
            return new BuildResult
            {
                ImageId = configDigest,
                ManifestDigest = manifestDigest,
                Names = names,
                Final = summaries.Single(s => s.Index == plan.Target.Index),
                Stages = summaries,
                Elapsed = clock.Elapsed,
                TargetCacheEntries = cache.UsedBy(TargetChain(plan)),
                AllCacheEntries = cache.UsedBy(plan.BuildOrder.Select(s => s.Index)),
            };
        }
        finally
        {
            scratch.Dispose();
        }
    }

    private static async Task<StageOutcome> BuildStageAsync(BuildSession session, PlannedStage stage, SemaphoreSlim gate,
        CancellationTokenSource failed)
    {
        try
        {
            StageOutcome start;
            if (stage.BaseKind == StageBaseKind.Stage)
            {
                var parent = await session.StageResult(stage.BaseStageIndex!.Value).ConfigureAwait(false);
                start = parent with { Image = parent.Image with { Config = parent.Image.Config with { OnBuild = null } } };
            }
            else
            {
                start = await session.StartAsync(stage, failed.Token).ConfigureAwait(false);
            }
            // Wait for COPY --from stages before taking a slot, so a waiting stage never blocks a running one.
            foreach (var dependency in stage.Dependencies.Where(d => d.StageIndex != stage.BaseStageIndex))
            {
                await session.StageResult(dependency.StageIndex).ConfigureAwait(false);
            }
            await gate.WaitAsync(failed.Token).ConfigureAwait(false);
            try
            {
                var builder = new StageBuilder(session, stage, start.Image, start.Scope, start.RunArgs);
                return await builder.BuildAsync(failed.Token).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The target stage and the stages it is built on (FROM stage), whose layers the final image holds.</summary>
    private static IEnumerable<int> TargetChain(BuildPlan plan)
    {
        for (int? index = plan.Target.Index; index is { } i; index = plan.Stages.First(s => s.Index == i).BaseStageIndex) yield return i;
    }

    private async Task<(Digest Config, Digest Manifest)> WriteImageAsync(StageImage image, CancellationToken cancellationToken)
    {
        var config = StoredConfig.Create(image.ToImageConfig());
        await store.WriteAsync(config, cancellationToken).ConfigureAwait(false);
        var manifest = StoredManifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = config.ToDescriptor(MediaTypes.OciConfig),
            Layers = [.. image.Layers.Select(l => l.Blob)],
        });
        await store.WriteAsync(manifest, cancellationToken).ConfigureAwait(false);
        return (config.Digest, manifest.Digest);
    }

    private async Task<StageSummary> SummarizeAsync(PlannedStage stage, StageImage image, CancellationToken cancellationToken)
    {
        long uncompressed = 0;
        foreach (var layer in image.Layers)
        {
            uncompressed += await LayerSizes.UncompressedAsync(store, layer.Blob.Digest, cancellationToken).ConfigureAwait(false);
        }
        return new StageSummary(stage.DisplayName, stage.Index, image.Layers.Count, image.Layers.Sum(l => l.Blob.Size), uncompressed);
    }
}
