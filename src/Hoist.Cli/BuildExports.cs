using System.Diagnostics;
using Hoist.Building.Engine;
using Hoist.Content;
using Hoist.Formats;
using Hoist.Registry;

namespace Hoist.Cli;

/// <summary>
/// The work after the engine stored the image, each shown as a step as BuildKit shows its exporters: naming it,
/// writing the file outputs, pushing. A failure is reported on its step and ends the build with a one-line error.
/// </summary>
public sealed class BuildExports(ContentStore store, BuildProgress progress, BuildOutputPlan plan)
{
    /// <summary>Runs the exports; returns how many device nodes local and tar outputs left out.</summary>
    public async Task<int> RunAsync(BuildResult result, Func<RegistryClient> registry, Func<Stream> openStandardOutput, CancellationToken cancellationToken)
    {
        await StepAsync("exporting to image", step =>
        {
            progress.StepOutput(step, $"writing image {result.ImageId} done");
            foreach (var name in result.Names) progress.StepOutput(step, $"naming to {name} done");
            return Task.CompletedTask;
        }).ConfigureAwait(false);
        // By manifest digest: found whether or not the image has a name (a by-digest reference needs no name in the store).
        var image = $"localhost/hoist-build@{result.ManifestDigest}";
        var leftOut = 0;
        foreach (var (output, names) in plan.Files)
        {
            var where = output.IsStandardOutput ? "standard output" : output.Destination;
            await StepAsync(Title(output), async step =>
            {
                var skipped = await BuildOutputWriter.WriteAsync(store, image, output, names, openStandardOutput, cancellationToken).ConfigureAwait(false);
                leftOut += skipped;
                if (skipped > 0)
                {
                    progress.StepOutput(step, $"left out {skipped} device node{(skipped == 1 ? "" : "s")} of the image: "
                        + "they are never created outside a container (docs/security.md)");
                }
                var what = output.Type == BuildOutputType.Local ? "copying files" : output.Tar ? "sending tarball" : "writing layout";
                progress.StepOutput(step, $"{what} to {where} done");
            }).ConfigureAwait(false);
        }
        if (plan.Pushes.Count == 0) return leftOut;
        var client = registry();
        foreach (var name in plan.Pushes)
        {
            await StepAsync($"pushing {name.Familiar}", async step =>
            {
                var pushed = await new ImagePusher(store, client)
                    .PushAsync(name.ToString(), null, new StepTransferProgress(progress, step), cancellationToken).ConfigureAwait(false);
                progress.StepOutput(step, $"pushing manifest for {name}@{pushed.Target.Digest} done");
            }).ConfigureAwait(false);
        }
        return leftOut;
    }

    private static string Title(BuildOutput output) => output.Type switch
    {
        BuildOutputType.Local => "exporting to client directory",
        BuildOutputType.Tar => "exporting to client tarball",
        BuildOutputType.Oci => "exporting to oci image format",
        _ => "exporting to docker image format",
    };

    private async Task StepAsync(string title, Func<BuildStep, Task> work)
    {
        var step = progress.NewStep(title);
        var clock = Stopwatch.StartNew();
        progress.StepStarted(step);
        try
        {
            await work(step).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HoistException or IOException or UnauthorizedAccessException)
        {
            progress.StepFailed(step, clock.Elapsed, e.Message);
            if (e is HoistException) throw;
            throw new HoistException($"{title}: {e.Message}", e);
        }
        progress.StepCompleted(step, clock.Elapsed);
    }
}
