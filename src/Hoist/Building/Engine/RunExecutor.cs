using Hoist.Archives;
using Hoist.Dispatch;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>RUN: the process in a container over a snapshot of the stage's layers, with its mounts; its changes are the
/// layer. The layer's upper directory is kept as that layer's unpacked form, so the next RUN need not unpack it.</summary>
internal sealed class RunExecutor(LayerDirectories layers, IContainerRuntime runtime, RunMountSources mountSources, LayerOutput output,
    IBuildEvents events, string fileName)
{
    /// <summary>A cache hit runs nothing, but the caches its mounts name still belong to the build (exported with
    /// <c>mounts=true</c>).</summary>
    public void Cached(RunStep step)
    {
        foreach (var key in RunMountSet.CacheKeys(step.Mounts)) mountSources.Caches.Note(key);
    }

    /// <summary>Lets the runtime set up the network of a RUN that will run soon.</summary>
    public void PrepareNetwork(RunStep step) => runtime.PrepareNetwork(step.Network);

    public async Task<ImageLayer> ExecuteAsync(RunStep step, StageImage image, BuildStep display, CancellationToken cancellationToken)
    {
        runtime.PrepareNetwork(step.Network);
        var stepLayers = layers.ReportingTo(new StepExtractionProgress(events, display));
        await using var mounts = await RunMountSet.PrepareAsync(mountSources with { Layers = stepLayers }, step.Mounts, cancellationToken)
            .ConfigureAwait(false);
        var environment = step.Environment.ToList();
        foreach (var variable in mounts.Env)
        {
            var equals = variable.IndexOf('=');
            ConfigInstructions.SetEntry(environment, variable[..equals], variable[(equals + 1)..]);
        }
        IReadOnlyList<string> lowers;
        using (events.Measure(BuildPhases.Unpack, display)) lowers = await stepLayers.LowerDirsAsync(image.Layers, cancellationToken).ConfigureAwait(false);
        IRunSnapshot prepared;
        using (events.Measure(BuildPhases.Mount, display)) prepared = await layers.Snapshotter.PrepareAsync(lowers, cancellationToken).ConfigureAwait(false);
        await using var snapshot = prepared;
        var request = new ContainerRunRequest
        {
            RootPath = snapshot.RootPath,
            Args = step.Command.Args,
            Env = environment,
            WorkingDirectory = step.WorkingDirectory,
            User = step.Config.User,
            Network = step.Network,
            Security = step.Security == "insecure" ? SecurityMode.Insecure : SecurityMode.Sandbox,
            Files = step.Command.Files,
            Mounts = mounts.Mounts,
            Platform = image.Platform,
        };
        using (events.Measure(BuildPhases.Container, display))
        using (RunWriteback.Start(snapshot.UpperPath))
        {
            await RunAsync(request, display, cancellationToken).ConfigureAwait(false);
        }
        await snapshot.UnmountAsync().ConfigureAwait(false);
        using (events.Measure(BuildPhases.Layer, display)) return await output.KeepRunAsync(snapshot, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(ContainerRunRequest request, BuildStep display, CancellationToken cancellationToken)
    {
        var what = $"process \"{string.Join(" ", request.Args)}\" did not complete successfully";
        ContainerResult result;
        try
        {
            result = await runtime.RunAsync(request, line => events.StepOutput(display, line.Text), cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException e) when (e is not BuildStepException)
        {
            throw new BuildStepException(display, fileName, $"{what}: {e.Message}", [], e);
        }
        if (!result.Succeeded) throw new BuildStepException(display, fileName, $"{what}: exit code: {result.ExitCode}", result.LastLines);
    }
}
