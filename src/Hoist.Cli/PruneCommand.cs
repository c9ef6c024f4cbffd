using System.CommandLine;

namespace Hoist.Cli;

/// <summary><c>hoist prune</c>: deletes every blob no image name reaches, and dead writers' temp files.</summary>
public static class PruneCommand
{
    public static Command Create()
    {
        var command = new Command("prune", "Remove blobs not used by any image");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            var result = await store.CollectGarbageAsync(cancellationToken: cancellationToken);
            if (result.Deleted.Count > 0)
            {
                output.WriteLine("Deleted blobs:");
                foreach (var blob in result.Deleted) output.WriteLine($"deleted: {blob.Digest}");
                output.WriteLine();
            }
            output.WriteLine($"Total reclaimed space: {HumanUnits.Size(result.BytesFreed)}");
            return 0;
        });
        return command;
    }
}
