using Hoist.Archives;
using Hoist.Dispatch;
using Hoist.Execution;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>RUN: the process in a container over a snapshot of the stage's layers, with its mounts; its changes are the
/// layer. The layer's upper directory is kept as that layer's unpacked form, so the next RUN need not unpack it.</summary>
internal sealed class RunExecutor(LayerDirectories layers, IContainerRuntime runtime, RunMountSources mountSources, LayerOutput output,
    IBuildEvents events, string fileName)
{
    public async Task<ImageLayer> ExecuteAsync(RunStep step, StageImage image, BuildStep display, CancellationToken cancellationToken)
    {
        await using var mounts = await RunMountSet.PrepareAsync(mountSources, step.Mounts, step.WorkingDirectory, cancellationToken)
            .ConfigureAwait(false);
        var environment = step.Environment.ToList();
        foreach (var variable in mounts.Env)
        {
            var equals = variable.IndexOf('=');
            ConfigInstructions.SetEntry(environment, variable[..equals], variable[(equals + 1)..]);
        }
        var lowers = await layers.LowerDirsAsync(image.Layers, cancellationToken).ConfigureAwait(false);
        await using var snapshot = await layers.Snapshotter.PrepareAsync(lowers, cancellationToken).ConfigureAwait(false);
        var request = new ContainerRunRequest
        {
            RootPath = snapshot.RootPath,
            Args = step.Command.Args,
            Env = environment,
            WorkingDirectory = step.WorkingDirectory,
            User = step.Config.User,
            Network = step.Network,
            Files = step.Command.Files,
            Mounts = mounts.Mounts,
        };
        await RunAsync(request, display, cancellationToken).ConfigureAwait(false);
        await snapshot.UnmountAsync().ConfigureAwait(false);
        IEnumerable<LayerItem> items = snapshot.UpperPath is { } upper
            ? OverlayChanges.WithoutCopiedUpDirectories(upper, lowers)
            : LayerChanges.BetweenDirectories(snapshot.PristinePath!, snapshot.RootPath);
        var layer = await output.WriteAsync(items, cancellationToken).ConfigureAwait(false);
        if (snapshot.UpperPath is { } kept) await KeepUnpackedAsync(layer.DiffId, kept, cancellationToken).ConfigureAwait(false);
        return layer;
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

    /// <summary>Keeps a RUN's upper directory as the unpacked layer, so the next RUN need not unpack what it just wrote.</summary>
    private Task KeepUnpackedAsync(Digest diffId, string upper, CancellationToken cancellationToken) =>
        layers.Snapshots.GetOrUnpackAsync(diffId, (directory, _) =>
        {
            // rename(2) each entry: File.Move follows symlinks to check its source, and a relative link to a
            // directory moved before it would dangle by then.
            foreach (var child in Directory.EnumerateFileSystemEntries(upper).ToList())
            {
                Native.Rename(child, Path.Combine(directory, Path.GetFileName(child)));
            }
            return Task.CompletedTask;
        }, cancellationToken);
}
