using System.Diagnostics;
using Hoist.Content;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Registry;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// The work after the engine stored the image, each shown as a step as BuildKit shows its exporters: naming it,
/// writing the file outputs, pushing. Steps are numbered after the build's own. A failure is reported on its step and
/// ends the build with a one-line error.
/// </summary>
internal sealed class BuildExports(ContentStore store, IBuildEvents events, RegistryClient registry, int stepsSoFar)
{
    private int _lastStep = stepsSoFar;

    /// <summary>Runs the exports; returns how many device nodes local and tar outputs left out.</summary>
    public async Task<int> RunAsync(BuildResult result, BuildRequest request, Func<Stream> openStandardOutput, CancellationToken cancellationToken)
    {
        var leftOut = 0;
        var outputs = result.Image is null ? request.Outputs.Count(o => o.Output.Type != BuildOutputType.Image) : request.Outputs.Count;
        events.StepsPlanned(1 + outputs + request.Pushes.Count);
        await StepAsync("exporting to image", step =>
        {
            events.StepOutput(step, $"writing image {result.ImageId} done");
            foreach (var name in result.Names) events.StepOutput(step, $"naming to {name} done");
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        if (request.Outputs.Count == 0 && request.Pushes.Count == 0) return leftOut;
        // One image model for both: a platform image, or an index that each sink writes whole.
        var image = await store.LoadImageAsync(result.ManifestDigest, cancellationToken: cancellationToken).ConfigureAwait(false);
        var described = ExportedDescriptor.Of(image, request.Build.Format.Annotations);
        foreach (var (output, names) in request.Outputs.Where(o => o.Output.Type != BuildOutputType.Image))
        {
            var sink = BuildOutputSinks.For(store, output, names, openStandardOutput, described);
            leftOut += await ExportAsync(sink.Title, _ => sink, image, cancellationToken).ConfigureAwait(false);
        }
        foreach (var name in request.Pushes)
        {
            await ExportAsync($"pushing {name.Familiar}", step => new RegistrySink(store, registry, name, new StepTransferProgress(events, step)),
                image, cancellationToken).ConfigureAwait(false);
        }
        return leftOut;
    }

    /// <summary>
    /// Before anything that needs the layers as blobs (an oci or docker output, a push, attestations, which name the
    /// manifest), the layers the build kept only as snapshots are compressed as the outputs ask (and, with
    /// <c>force-compression=true</c>, every blob in another compression is compressed again), shown as their own step;
    /// the result then names the manifest (or index) with the blobs, where the build's names moved.
    /// </summary>
    public async Task<BuildResult> CompressAsync(BuildResult result, BuildRequest request, CancellationToken cancellationToken)
    {
        if (!NeedsBlobs(request)) return result;
        var format = request.Build.Format;
        var compressor = new SnapshotLayerCompressor(new SnapshotLayers(store), format.BlobOptions, format.ForceCompression);
        var image = await store.LoadImageAsync(result.ManifestDigest, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!await compressor.HasSnapshotLayersAsync(image, cancellationToken).ConfigureAwait(false)) return result;
        events.StepsPlanned(1);
        await StepAsync("compressing layers", async step =>
        {
            using var timer = events.Measure(BuildPhases.Compress, step);
            image = await compressor.CompressAsync(image, cancellationToken).ConfigureAwait(false);
            events.StepOutput(step, $"{image.Manifest.Manifest.Layers.Count} layers of {image.Target.Digest} done");
        }).ConfigureAwait(false);
        return await MovedAsync(result, compressor.Replaced, cancellationToken).ConfigureAwait(false);
    }

    private static bool NeedsBlobs(BuildRequest request) =>
        request.Pushes.Count > 0 || request.Attestations.Any || request.Build.Format.ForceCompression
        || request.Outputs.Any(o => o.Output.Type is BuildOutputType.Oci or BuildOutputType.Docker);

    /// <summary>The result (and each platform's) naming the manifests that replaced the ones it named.</summary>
    private async Task<BuildResult> MovedAsync(BuildResult result, IReadOnlyDictionary<Digest, Digest> replaced, CancellationToken cancellationToken)
    {
        if (!replaced.TryGetValue(result.ManifestDigest, out var moved)) return result;
        var platforms = new List<BuildResult>();
        foreach (var platform in result.Platforms) platforms.Add(await MovedAsync(platform, replaced, cancellationToken).ConfigureAwait(false));
        var image = result.Image is null ? null
            : (await store.LoadImageAsync(moved, cancellationToken: cancellationToken).ConfigureAwait(false)).Image;
        return result with { ManifestDigest = moved, Image = image, Platforms = platforms };
    }

    /// <summary>The image written to the sink made for its step; returns the device nodes it left out.</summary>
    private async Task<int> ExportAsync(string title, Func<BuildStep, IImageSink> sinkFor, ResolvedImage image, CancellationToken cancellationToken)
    {
        var leftOut = 0;
        await StepAsync(title, async step =>
        {
            using var timer = events.Measure(BuildPhases.Export, step);
            var export = await sinkFor(step).WriteAsync(image, cancellationToken).ConfigureAwait(false);
            leftOut = export.DeviceNodesLeftOut;
            if (leftOut > 0)
            {
                events.StepOutput(step, $"left out {leftOut} device node{(leftOut == 1 ? "" : "s")} of the image: "
                    + "they are never created outside a container (docs/security.md)");
            }
            events.StepOutput(step, $"{export.Done} done");
        }).ConfigureAwait(false);
        return leftOut;
    }

    private async Task StepAsync(string title, Func<BuildStep, Task> work)
    {
        var step = new BuildStep(Interlocked.Increment(ref _lastStep), title, "", 0);
        var clock = Stopwatch.StartNew();
        events.StepStarted(step);
        try
        {
            await work(step).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HoistException or IOException or UnauthorizedAccessException)
        {
            events.StepFailed(step, clock.Elapsed, e.Message);
            if (e is HoistException) throw;
            throw new HoistException($"{title}: {e.Message}", e);
        }
        events.StepCompleted(step, clock.Elapsed);
    }
}
