using System.Diagnostics;
using Hoist.Content;
using Hoist.Formats;
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
        await StepAsync("exporting to image", step =>
        {
            events.StepOutput(step, $"writing image {result.ImageId} done");
            foreach (var name in result.Names) events.StepOutput(step, $"naming to {name} done");
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        if (request.Outputs.Count > 0)
        {
            // The built image itself, whether or not it has a name.
            var image = await store.LoadImageAsync(result.ManifestDigest, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (request.Outputs.Any(o => o.Output.Type is BuildOutputType.Oci or BuildOutputType.Docker))
            {
                image = await CompressAsync(image, cancellationToken).ConfigureAwait(false);
            }
            foreach (var (output, names) in request.Outputs)
            {
                await StepAsync(Title(output), async step =>
                {
                    using var timer = events.Measure(BuildPhases.Export, step);
                    var skipped = await BuildOutputWriter.WriteAsync(store, image, output, names, openStandardOutput, cancellationToken).ConfigureAwait(false);
                    leftOut += skipped;
                    if (skipped > 0)
                    {
                        events.StepOutput(step, $"left out {skipped} device node{(skipped == 1 ? "" : "s")} of the image: "
                            + "they are never created outside a container (docs/security.md)");
                    }
                    events.StepOutput(step, $"{Done(output)} done");
                }).ConfigureAwait(false);
            }
        }
        if (request.Pushes.Count > 0)
        {
            await CompressAsync(await store.LoadImageAsync(result.ManifestDigest, cancellationToken: cancellationToken).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        foreach (var name in request.Pushes)
        {
            await StepAsync($"pushing {name.Familiar}", async step =>
            {
                using var timer = events.Measure(BuildPhases.Export, step);
                var pushed = await new ImagePusher(store, registry)
                    .PushAsync(name.ToString(), null, new StepTransferProgress(events, step), cancellationToken).ConfigureAwait(false);
                events.StepOutput(step, $"pushing manifest for {name}@{pushed.Target.Digest} done");
            }).ConfigureAwait(false);
        }
        return leftOut;
    }

    /// <summary>The layers the build kept only as snapshots, compressed now that an export needs their blobs (the names
    /// move to the manifest that has them).</summary>
    private async Task<LocalImage> CompressAsync(LocalImage image, CancellationToken cancellationToken)
    {
        var compressor = new SnapshotLayerCompressor(new SnapshotLayers(store));
        if (!compressor.HasSnapshotLayers(image)) return image;
        var compressed = image;
        await StepAsync("compressing layers", async step =>
        {
            using var timer = events.Measure(BuildPhases.Compress, step);
            compressed = await compressor.CompressAsync(image, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return compressed;
    }

    private static string Title(BuildOutput output) => output.Type switch
    {
        BuildOutputType.Local => "exporting to client directory",
        BuildOutputType.Tar => "exporting to client tarball",
        BuildOutputType.Oci => "exporting to oci image format",
        _ => "exporting to docker image format",
    };

    private static string Done(BuildOutput output)
    {
        var where = output.IsStandardOutput ? "standard output" : output.Destination;
        var what = output.Type == BuildOutputType.Local ? "copying files" : output.Tar ? "sending tarball" : "writing layout";
        return $"{what} to {where}";
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
