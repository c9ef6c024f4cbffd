using Hoist.Archives;
using Hoist.Dispatch;
using Hoist.Execution;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>WORKDIR: a layer with the directories of the path that do not exist yet, owned by the USER.</summary>
internal sealed class WorkdirExecutor(LayerDirectories layers, LayerOutput output, BuildClock clock, IBuildEvents events)
{
    public async Task<ImageLayer> ExecuteAsync(WorkdirStep step, StageImage image, BuildStep display, bool filesReadLater,
        CancellationToken cancellationToken)
    {
        var items = new List<LayerItem>();
        var stepLayers = layers.ReportingTo(new StepExtractionProgress(events, display));
        await using (var view = await stepLayers.OpenReadOnlyViewAsync(image.Layers, cancellationToken).ConfigureAwait(false))
        {
            var owner = string.IsNullOrEmpty(step.Config.User) ? ResolvedUser.Root : UserResolver.Resolve(view.Path, step.Config.User);
            var current = "";
            foreach (var component in step.Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                current = current.Length == 0 ? component : current + "/" + component;
                if (Directory.Exists(RootfsPath.Resolve(view.Path, current))) continue;
                items.Add(new LayerItem(new TarEntry
                {
                    Name = current, Type = TarEntryType.Directory, Mode = 0b111_101_101, Uid = owner.Uid, Gid = owner.Gid,
                    ModificationTime = clock.CreatedSeconds,
                }));
            }
        }
        if (!filesReadLater) return await output.WriteAsync(items, cancellationToken).ConfigureAwait(false);
        var lowers = await stepLayers.LowerDirsAsync(image.Layers, cancellationToken).ConfigureAwait(false);
        return await output.KeepItemsAsync(items, lowers, cancellationToken).ConfigureAwait(false);
    }
}
