using System.Collections.Concurrent;
using System.Diagnostics;
using Hoist.Analysis;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Planning;
using Hoist.Registry;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// A build's reader of the layers it pulls: a layer of an image the build reads as files (a stage FROM it has a RUN,
/// COPY, ADD or WORKDIR; <c>COPY --from</c> or <c>RUN --mount from=</c> it) is unpacked into the snapshot store in the
/// pull's one decompression, which also hashes it and records what the build summary needs (its sizes, its files: see
/// <see cref="LayerRecorder"/>), so that neither the unpack nor the summary decompresses it again. The unpack is
/// checked against the diffID like any other: a layer that lies leaves no directory. A pull that finds some of the
/// image's layers in the store already only hashes the others, which are then unpacked when a step needs them.
/// </summary>
internal sealed class PulledLayerUnpacker(ContentStore store, LayerDirectories directories, IReadOnlySet<string> readAsFiles, bool record)
    : IPulledLayerReader
{
    private readonly ConcurrentDictionary<Digest, TaskCompletionSource<string>> _unpacked = new();
    private readonly LayerRecordCache _records = LayerRecordCache.UnderStateRoot(store.Root);

    /// <summary>The images the stages of <paramref name="plans"/> read as files, as the pull names them.</summary>
    public static IReadOnlySet<string> ReadAsFiles(IEnumerable<BuildPlan> plans) =>
        plans.SelectMany(plan => plan.BuildOrder)
            .SelectMany(stage => stage.ExternalImages.Select(i => i.Reference)
                .Concat(stage.BaseKind == StageBaseKind.Image && stage.ReadsBaseFiles ? [stage.BaseName] : []))
            .Select(name => ImageReference.TryParse(name, out var reference, out _) ? reference.ToString() : null)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

    public async Task<ArrivedLayer> ReadAsync(ArrivingLayer arriving, Stream compressed, CancellationToken cancellationToken)
    {
        if (!arriving.AllArriving || !readAsFiles.Contains(arriving.Image.ToString())) return new ArrivedLayer(UncompressedDigest.Of(compressed));
        var layer = arriving.Layer;
        var unpacked = Unpacked(layer.DiffId);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var recorder = record ? LeftBehind.Recorder(_records) : null;
            var (diffId, tarSize) = await directories.UnpackArrivingAsync(layer, compressed, Lowers(arriving, cancellationToken), recorder,
                cancellationToken).ConfigureAwait(false);
            if (diffId != layer.DiffId)
            {
                unpacked.TrySetException(new DiffIdMismatchException(layer.Blob.Digest, diffId, layer.DiffId, arriving.Image.Familiar));
                return new ArrivedLayer(diffId);
            }
            if (recorder is not null && tarSize is { } size) LayerSizeIndex.Remember(store, layer.Blob.Digest, recorder.Save(layer.Blob.Digest, size));
            unpacked.TrySetResult(directories.Snapshots.PathFor(diffId));
            return new ArrivedLayer(diffId, tarSize is null ? null : Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e)
        {
            unpacked.TrySetException(e);
            throw;
        }
    }

    /// <summary>The layers below, top first, once this pull has unpacked them (all of them arrive in it).</summary>
    private Lazy<string[]>? Lowers(ArrivingLayer arriving, CancellationToken cancellationToken) => arriving.Index == 0 ? null
        : new Lazy<string[]>(() => [.. Task.WhenAll(arriving.Layers.Take(arriving.Index).Select(l => Unpacked(l.DiffId).Task.WaitAsync(cancellationToken)))
            .GetAwaiter().GetResult().Reverse()]);

    private TaskCompletionSource<string> Unpacked(Digest diffId) =>
        _unpacked.GetOrAdd(diffId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
