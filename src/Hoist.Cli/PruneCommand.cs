using System.CommandLine;
using Hoist.Building.Cache;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist prune</c>: drops build cache entries (all, or those selected by <c>--filter until=</c> and
/// <c>--keep-storage</c>), then deletes every blob neither an image name nor a remaining cache entry reaches, dead
/// writers' temp files, the unpacked layers no image or remaining entry has, and the step logs of builds no longer running.
/// </summary>
public static class PruneCommand
{
    public static Command Create()
    {
        var filter = new Option<string[]>("--filter") { Description = "Only drop cache entries unused for a while: until=DURATION (e.g. 24h)" };
        var keepStorage = new Option<string?>("--keep-storage") { Description = "Keep the most recently used cache up to this size (e.g. 2GB)" };
        var command = new Command("prune", "Remove build cache and blobs not used by any image") { filter, keepStorage };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = CachePruneOptions.Parse(parseResult.GetValue(filter) ?? [], parseResult.GetValue(keepStorage));
            var store = GlobalOptions.OpenStore(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var result = await new CachePruner(store).PruneAsync(options, cancellationToken: cancellationToken);
            var logs = StepLogs.Sweep(StepLogs.UnderStateRoot(store.Root));
            var collection = result.Collection;
            if (collection.Deleted.Count > 0)
            {
                output.WriteLine("Deleted blobs:");
                foreach (var blob in collection.Deleted) output.WriteLine($"deleted: {blob.Digest}");
                output.WriteLine();
            }
            if (result.Layers.Deleted.Count > 0)
            {
                output.WriteLine("Deleted unpacked layers:");
                foreach (var diffId in result.Layers.Deleted) output.WriteLine($"deleted: {diffId}");
                output.WriteLine();
            }
            if (result.EntriesRemoved + result.EntriesKept > 0) output.WriteLine($"Build cache entries removed: {result.EntriesRemoved}, kept: {result.EntriesKept}");
            output.WriteLine($"Total reclaimed space: {HumanUnits.Size(result.BytesFreed + logs)}");
            return 0;
        });
        return command;
    }
}
