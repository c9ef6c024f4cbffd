using System.CommandLine;
using Hoist.Building.Engine;

namespace Hoist.Cli;

/// <summary>
/// <c>hoist volume prune [-a] [-f]</c> as docker's (23+): removes the anonymous volumes no running container uses (a
/// <c>hoist run -v /path</c> killed before it could remove its own), or with <c>-a</c> every volume no running
/// container uses; asks first unless <c>-f</c>. The only command that removes named volumes in bulk: <c>hoist prune</c>
/// never does, as <c>docker system prune</c> keeps them.
/// </summary>
public static class VolumePruneCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all", "-a") { Description = "Remove every unused volume, not just anonymous ones" };
        var force = new Option<bool>("--force", "-f") { Description = "Do not prompt for confirmation" };
        var command = new Command("prune", "Remove unused volumes") { all, force };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var everything = parse.GetValue(all);
            if (!parse.GetValue(force) && !Confirm(output, everything)) return 0;
            var store = new VolumeStore(GlobalOptions.OpenStore(parse).Root);
            var removed = new List<string>();
            long freed = 0;
            foreach (var volume in store.List().Where(v => everything || v.Anonymous))
            {
                var size = VolumeStore.SizeOf(volume);
                if (!store.TryRemove(volume)) continue;
                removed.Add(volume.Name);
                freed += size;
            }
            if (removed.Count > 0)
            {
                output.WriteLine("Deleted Volumes:");
                foreach (var name in removed) output.WriteLine(name);
                output.WriteLine();
            }
            output.WriteLine($"Total reclaimed space: {HumanUnits.Size(freed)}");
            return 0;
        });
        return command;
    }

    private static bool Confirm(TextWriter output, bool all) => PrunePrompt.Confirm(output, all
        ? "WARNING! This will remove all local volumes not used by at least one container."
        : "WARNING! This will remove anonymous local volumes not used by at least one container.");
}
