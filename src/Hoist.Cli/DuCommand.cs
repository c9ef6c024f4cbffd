using System.CommandLine;
using Hoist.Building.Cache;

namespace Hoist.Cli;

/// <summary><c>hoist du</c>: blob counts and sizes: used by images, held only by the build cache, and reclaimable by
/// <c>hoist prune</c>; then the unpacked layers (snapshots) and how many of them a prune would delete, and the named
/// volumes.</summary>
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
            WriteVolumes(output, new Building.Engine.VolumeStore(store.Root));
            if (cache.MissRecords > 0) output.WriteLine($"Miss records: {Count(cache.MissRecords)} step{(cache.MissRecords == 1 ? "" : "s")}, "
                + HumanUnits.Size(cache.MissRecordBytes));
            return 0;
        });
        return command;
    }

    /// <summary>Named volumes, which <c>hoist prune</c> never removes (as <c>docker system prune</c> without
    /// <c>--volumes</c>): their space is reclaimable only through <c>hoist volume rm|prune</c>.</summary>
    private static void WriteVolumes(TextWriter output, Building.Engine.VolumeStore volumes)
    {
        var all = volumes.List();
        if (all.Count == 0) return;
        var inUse = all.Count(volumes.InUse);
        output.WriteLine($"Volumes: {Count(all.Count)}, {HumanUnits.Size(all.Sum(Building.Engine.VolumeStore.SizeOf))} ({Count(inUse)} in use; "
            + "kept by hoist prune, removed by hoist volume rm|prune)");
    }

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
