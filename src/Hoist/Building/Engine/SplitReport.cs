using System.Security.Cryptography;
using System.Text;
using Hoist.Analysis;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// The build summary's word on the multi-stage split. A multi-stage build: what the stages the final image does not
/// stand on had that it does not ("left behind: gcc 12, npm, 1,204 packages, 612MB"). A single-stage build: the
/// compilers and package managers the image ships, which a build stage would keep out. Layer walks are replayed from
/// the state dir's layer records and whole reports kept by image IDs, so a rebuild pays nothing and a base is read
/// once; an analysis that fails never fails the build.
/// </summary>
internal sealed class SplitReport(ContentStore store, SnapshotLayers snapshots)
{
    private readonly LayerRecordCache _records = LayerRecordCache.UnderStateRoot(store.Root);
    private Task _basesWalked = Task.CompletedTask;
    private Task<StartedWalk?>[] _started = [];
    private IReadOnlyDictionary<string, Task<StageWalk?>> _stageWalks = new Dictionary<string, Task<StageWalk?>>();

    /// <summary>
    /// Walks the images the stages start from, in the background while the stages build, when their layers have no
    /// records yet (a cold build): otherwise the summary decompresses a whole toolchain image after the build (8.5 s
    /// for bench S1's debian-gcc on a busy machine). <see cref="ComputeAsync"/> then replays their records. A base this
    /// build pulled and unpacked has its records already (see <see cref="PulledLayerUnpacker"/>): it is not read again.
    /// </summary>
    public void WalkBases(IEnumerable<Image> bases, CancellationToken cancellationToken)
    {
        var unwalked = bases.DistinctBy(b => b.ConfigDigest).Where(b => b.Layers.Any(l => !_records.Contains(l.Blob.Digest, LeftBehind.Recipe)))
            .Select(b => Image("base", b.Config, b.Layers)).ToList();
        if (unwalked.Count == 0) return;
        _basesWalked = Task.Run(async () =>
        {
            foreach (var image in unwalked) await LeftBehind.WalkAsync(image, _records, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// Starts walking the images the stages start from (one walk per stage: each is continued once), in the background
    /// while the stages build, for <see cref="ComputeAsync"/> to continue with the layers the stages add: the summary of
    /// an edit-rebuild of a toolchain stage otherwise replays its base's records after the build (bench S1: ~20,000
    /// entries, a third of the build's own CPU). Called once a step misses the cache: a build of cache hits has its
    /// report kept and walks nothing. A stage the final image does not stand on is walked whole as soon as it is built
    /// (with its packages and tools), while the stages after it build: bench S2's three such stages are ready before the
    /// final stage's COPYs have run.
    /// </summary>
    public void StartWalks(IReadOnlyList<SplitStage> stages, CancellationToken cancellationToken)
    {
        var started = new List<Task<StartedWalk?>>();
        var stageWalks = new Dictionary<string, Task<StageWalk?>>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var walk = Task.Run(() => StartWalkAsync(stage.Base, cancellationToken), CancellationToken.None);
            if (stage is { Name: { } name, Built: { } built } && !stageWalks.ContainsKey(name))
            {
                stageWalks[name] = Task.Run(() => WalkStageAsync(name, walk, built, cancellationToken), CancellationToken.None);
            }
            else started.Add(walk);
        }
        Volatile.Write(ref _stageWalks, stageWalks);
        Volatile.Write(ref _started, [.. started]);
    }

    /// <summary>A stage that fails to build, or whose walk fails, is left to the report (which never runs when the build
    /// failed); the build reports its own failure.</summary>
    private async Task<StageWalk?> WalkStageAsync(string name, Task<StartedWalk?> started, Func<Task<StageOutcome>> built,
        CancellationToken cancellationToken)
    {
        var outcome = built();
        await Task.WhenAny(outcome).ConfigureAwait(false);
        var begun = await started.ConfigureAwait(false);
        if (!outcome.IsCompletedSuccessfully) return null;
        var image = outcome.Result.Image;
        try
        {
            return await LeftBehind.WalkStageAsync(Image($"stage {name}", image.ToImageConfig(), image.Layers), _records, begun, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is HoistException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>A walk that fails is no walk: the report walks that stage from the start (and reports or ignores the failure).</summary>
    private async Task<StartedWalk?> StartWalkAsync(Image image, CancellationToken cancellationToken)
    {
        await BasesWalkedAsync().ConfigureAwait(false); // a cold build's first walk makes the records this one replays
        try
        {
            return await LeftBehind.StartAsync(Image("base", image.Config, image.Layers), _records, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HoistException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    private async Task<StartedWalks> StartedWalksAsync()
    {
        var walks = await Task.WhenAll(Volatile.Read(ref _started)).ConfigureAwait(false);
        return new StartedWalks(walks.OfType<StartedWalk>());
    }

    public async Task<(LeftBehindReport? LeftBehind, IReadOnlyList<string> Toolchain)> ComputeAsync(IReadOnlyList<(string Name, StageImage Image)> others,
        Image final, CancellationToken cancellationToken)
    {
        await BasesWalkedAsync().ConfigureAwait(false);
        var records = _records;
        var finalImage = Image("final", final.Config, final.Layers);
        var stages = others.Select(o => Image($"stage {o.Name}", o.Image.ToImageConfig(), o.Image.Layers)).ToList();
        var path = ReportPath([finalImage.Id, .. stages.Select(s => s.Id)]);
        if (CacheFile.TryRead(path, SplitReportJsonContext.Default.LeftBehindReport) is { } known) return Shaped(known, stages.Count);
        var started = await StartedWalksAsync().ConfigureAwait(false);
        try
        {
            var report = stages.Count > 0
                ? await LeftBehind.CompareAsync(await StageWalksAsync(others, stages, started, cancellationToken).ConfigureAwait(false), finalImage,
                    records, started, cancellationToken).ConfigureAwait(false)
                : new LeftBehindReport(await LeftBehind.ToolchainAsync(finalImage, records, started, cancellationToken).ConfigureAwait(false), 0, 0, 0);
            CacheFile.TryWrite(path, report, SplitReportJsonContext.Default.LeftBehindReport);
            return Shaped(report, stages.Count);
        }
        catch (HoistException)
        {
            return (null, []);
        }
    }

    /// <summary>The stages' walks: those made while the build ran, the others now.</summary>
    private async Task<List<StageWalk>> StageWalksAsync(IReadOnlyList<(string Name, StageImage Image)> others, List<AnalysisImage> stages,
        StartedWalks started, CancellationToken cancellationToken)
    {
        var made = Volatile.Read(ref _stageWalks);
        var walks = new List<StageWalk>();
        foreach (var (other, stage) in others.Zip(stages))
        {
            var walk = made.TryGetValue(other.Name, out var pending) ? await pending.ConfigureAwait(false) : null;
            walks.Add(walk ?? await LeftBehind.WalkStageAsync(stage, _records, started.Take(stage), cancellationToken).ConfigureAwait(false));
        }
        return walks;
    }

    /// <summary>A walk that failed leaves its layers to the summary's own walk, which reports (or ignores) the failure.</summary>
    private async Task BasesWalkedAsync()
    {
        try
        {
            await _basesWalked.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HoistException or OperationCanceledException or IOException)
        {
        }
    }

    /// <summary>The layers this build kept as snapshots are walked as files: no tar made, no 600 MB read again.</summary>
    private AnalysisImage Image(string name, ImageConfig config, IReadOnlyList<ImageLayer> layers) =>
        AnalysisImage.FromStoredLayers(store, name, config, [.. layers.Select(l => l.Blob)]) with { Files = snapshots.FilesOf };

    private static (LeftBehindReport?, IReadOnlyList<string>) Shaped(LeftBehindReport report, int stages) =>
        stages > 0 ? (report, []) : (null, report.Tools);

    private string ReportPath(IEnumerable<Digest> ids)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", ids))));
        return Path.Combine(store.Root, "analysis", "split", key + ".json");
    }
}
