using System.CommandLine;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist image prune [-a] [-f] [--filter until=…|label=…]</c> as <c>docker image prune</c>: removes the dangling
/// images (those kept without a name, the <c>&lt;none&gt;</c> rows), or with <c>-a</c> every image (Hoist has no
/// containers to keep one in use), then the blobs nothing else needs, as <c>rmi</c> does. It asks first unless <c>-f</c>.
/// </summary>
public static class ImagePruneCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove every image, not just the dangling (untagged) ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var filter = new Option<string[]>("--filter") { Description = "until=TIMESTAMP|DURATION (created before), label=KEY[=VALUE], label!=KEY[=VALUE]; repeatable" };
        var command = new Command("prune", "Remove unused images") { all, force, filter };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var filters = (parse.GetValue(filter) ?? []).Select(f => ImagePruneFilter.Parse(f, DateTimeOffset.UtcNow)).ToList();
            var output = parse.InvocationConfiguration.Output;
            var everything = parse.GetValue(all);
            if (!parse.GetValue(force) && !Confirm(output, everything)) return 0;
            var store = GlobalOptions.OpenStore(parse);
            var removed = new List<Digest>();
            output.WriteLine("Deleted Images:");
            foreach (var untagged in store.Names.ListUntagged())
            {
                if (!await MatchesAsync(store, untagged.ToString(), filters, cancellationToken)) continue;
                await store.Names.RemoveUntaggedAsync(untagged, cancellationToken);
                output.WriteLine($"untagged: {untagged}");
                removed.Add(untagged);
            }
            foreach (var name in everything ? store.Names.List() : [])
            {
                if (!await MatchesAsync(store, name.Reference.ToString(), filters, cancellationToken)) continue;
                await store.Names.RemoveAsync(name.Reference, cancellationToken);
                output.WriteLine($"untagged: {name.Reference.Familiar}");
                removed.Add(name.Digest);
            }
            var freed = await RmiCommand.DeleteUnreferencedAsync(store, removed, output, cancellationToken);
            output.WriteLine();
            output.WriteLine($"Total reclaimed space: {HumanUnits.Size(freed)}");
            return 0;
        });
        return command;
    }

    private static bool Confirm(TextWriter output, bool all) => PrunePrompt.Confirm(output, all
        ? "WARNING! This will remove all images without at least one container associated to them."
        : "WARNING! This will remove all dangling images.");

    private static async Task<bool> MatchesAsync(ContentStore store, string image, IReadOnlyList<ImagePruneFilter> filters, CancellationToken cancellationToken)
    {
        if (filters.Count == 0) return true;
        ResolvedImage local;
        try
        {
            local = await store.ResolveImageAsync(image, cancellationToken: cancellationToken);
        }
        catch (HoistException)
        {
            return true; // an image whose blobs are gone is unusable whatever the filter says
        }
        return filters.All(f => f.Matches(local.Config.Config));
    }
}
