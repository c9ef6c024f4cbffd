using System.CommandLine;

namespace Hoist.Cli;

/// <summary><c>hoist du</c>: blob counts and sizes, used by images versus reclaimable by <c>hoist prune</c>.</summary>
public static class DuCommand
{
    public static Command Create()
    {
        var command = new Command("du", "Show store disk usage");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = GlobalOptions.OpenStore(parseResult);
            var usage = await store.MeasureAsync(cancellationToken);
            var table = new TextTable("TYPE", "BLOBS", "SIZE");
            table.Add("Referenced", Count(usage.ReferencedCount), HumanUnits.Size(usage.ReferencedBytes));
            table.Add("Reclaimable", Count(usage.ReclaimableCount), HumanUnits.Size(usage.ReclaimableBytes));
            table.Add("Total", Count(usage.BlobCount), HumanUnits.Size(usage.BlobBytes));
            var output = parseResult.InvocationConfiguration.Output;
            table.WriteTo(output, minimumWidth: 10);
            var names = store.Names.List().Count;
            output.WriteLine($"Store: {store.Root} ({Count(names)} image name{(names == 1 ? "" : "s")})");
            return 0;
        });
        return command;
    }

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
