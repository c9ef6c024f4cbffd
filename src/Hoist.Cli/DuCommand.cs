using System.CommandLine;
using Hoist.Building.Cache;

namespace Hoist.Cli;

/// <summary><c>hoist du</c>: blob counts and sizes: used by images, held only by the build cache, and reclaimable by
/// <c>hoist prune</c>; then the unpacked layers (snapshots) and how many of them a prune would delete.</summary>
public static class DuCommand
{
    public static Command Create()
    {
        var command = new Command("du", "Show store disk usage");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var pruner = new CachePruner(store);
            var images = await store.MeasureAsync(cancellationToken);
            var withCache = await store.MeasureAsync(cancellationToken, pruner.ReferencedBlobs());
            var cache = pruner.Measure();
            var table = new TextTable("TYPE", "BLOBS", "SIZE");
            table.Add("Referenced", Count(images.ReferencedCount), HumanUnits.Size(images.ReferencedBytes));
            table.Add("Build cache", Count(withCache.ReferencedCount - images.ReferencedCount), HumanUnits.Size(withCache.ReferencedBytes - images.ReferencedBytes));
            table.Add("Reclaimable", Count(withCache.ReclaimableCount), HumanUnits.Size(withCache.ReclaimableBytes));
            table.Add("Total", Count(images.BlobCount), HumanUnits.Size(images.BlobBytes));
            var output = parseResult.InvocationConfiguration.Output;
            table.WriteTo(output, minimumWidth: 10);
            var names = store.Names.List().Count;
            output.WriteLine($"Store: {store.Root} ({Count(names)} image name{(names == 1 ? "" : "s")})");
            var layers = await new Snapshots.LayerReclaimer(store).MeasureAsync(pruner.ReferencedDiffIds(), cancellationToken);
            if (layers.Count > 0) output.WriteLine($"Unpacked layers: {Count(layers.Count)}, {HumanUnits.Size(layers.Bytes)} "
                + $"({Count(layers.ReclaimableCount)} reclaimable, {HumanUnits.Size(layers.ReclaimableBytes)}; "
                + $"{Count(layers.SnapshotOnlyCount)} without a blob until exported)");
            if (cache.Entries > 0) output.WriteLine($"Build cache: {Count(cache.Entries)} entr{(cache.Entries == 1 ? "y" : "ies")}, "
                + $"{Count(cache.LayerCount)} layer{(cache.LayerCount == 1 ? "" : "s")}, {HumanUnits.Size(cache.LayerBytes)} (shared with images included)");
            if (cache.MissRecords > 0) output.WriteLine($"Miss records: {Count(cache.MissRecords)} step{(cache.MissRecords == 1 ? "" : "s")}, "
                + HumanUnits.Size(cache.MissRecordBytes));
            return 0;
        });
        return command;
    }

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
