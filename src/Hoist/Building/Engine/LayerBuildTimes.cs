using System.Collections.Concurrent;
using Hoist.Archives;
using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// The build windows (<see cref="BuildTimeWindows"/>) of the layers one build made or took from the cache, by diffID: a
/// new layer's windows are its step's time and the windows of the build-made layers it could copy times from (a RUN's
/// lower layers and the stages it mounts, a COPY --from's source). A layer not here (a base image's) holds no build's
/// times. The export rewrites each layer with its own windows.
/// </summary>
internal sealed class LayerBuildTimes
{
    private readonly ConcurrentDictionary<Digest, BuildTimeWindows> _windows = new();

    public BuildTimeWindows Of(Digest diffId) => _windows.TryGetValue(diffId, out var windows) ? windows : BuildTimeWindows.None;

    /// <summary>The image with its own layers (those after its base's) rewritten to <paramref name="epoch"/>, each with its windows.</summary>
    public async Task<StageImage> ClampAsync(StageImage image, long epoch, ClampedLayers clamped, LayerWriteOptions blobs,
        CancellationToken cancellationToken)
    {
        var layers = new List<ImageLayer>(image.Layers.Take(image.BaseLayerCount));
        foreach (var layer in image.Layers.Skip(image.BaseLayerCount))
        {
            layers.Add(await clamped.ClampAsync(layer, epoch, Of(layer.DiffId), blobs, cancellationToken).ConfigureAwait(false));
        }
        return image with { Layers = layers };
    }

    public void Remember(Digest diffId, BuildTimeWindows windows) => _windows.AddOrUpdate(diffId, windows, (_, known) => known.Union(windows));

    /// <summary>The windows of a layer <paramref name="step"/> made between <paramref name="started"/> and now.</summary>
    public async Task<BuildTimeWindows> MadeAsync(LayerStep step, StageImage image, DateTimeOffset started, StepSources sources,
        CancellationToken cancellationToken)
    {
        var windows = BuildTimeWindows.Step(started, DateTimeOffset.UtcNow);
        foreach (var layer in await ReadAsync(step, image, sources, cancellationToken).ConfigureAwait(false)) windows = windows.Union(Of(layer.DiffId));
        return windows;
    }

    /// <summary>The layers whose files the step may carry over with their times.</summary>
    private static async Task<IReadOnlyList<ImageLayer>> ReadAsync(LayerStep step, StageImage image, StepSources sources,
        CancellationToken cancellationToken)
    {
        switch (step)
        {
            case RunStep run:
                var read = new List<ImageLayer>(image.Layers);
                foreach (var from in run.Mounts.Select(FromOf).OfType<SourceRef>().Where(HasLayers))
                {
                    read.AddRange(await sources.LayersAsync(from, cancellationToken).ConfigureAwait(false));
                }
                return read;
            case CopyStep copy when HasLayers(copy.Source):
                return await sources.LayersAsync(copy.Source, cancellationToken).ConfigureAwait(false);
            default:
                return [];
        }
    }

    /// <summary>Stages and images have layers; a directory or git context is files only.</summary>
    private static bool HasLayers(SourceRef source) => source is StageRef or ImageRef;

    private static SourceRef? FromOf(MountSpec mount) => mount switch
    {
        BindMountSpec bind => bind.From,
        CacheMountSpec cache => cache.From,
        _ => null,
    };
}
