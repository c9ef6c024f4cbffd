using System.CommandLine;
using Hoist.Content;
using Hoist.Snapshots;

namespace Hoist.Cli;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static Option<string?> Root { get; } = new("--root")
    {
        Description = "State directory (default: $HOIST_ROOT, /var/lib/hoist as root, else $XDG_DATA_HOME/hoist)",
        HelpName = "DIR",
        Recursive = true,
        // An empty value (`--root "$UNSET"`) would fall back to the system store without a word.
        Validators = { result => { if (result.Tokens.Any(t => t.Value.Length == 0)) result.AddError("--root: empty path"); } },
    };

    /// <summary>The store, reading layers kept only as snapshots from their directories.</summary>
    public static ContentStore OpenStore(ParseResult parseResult)
    {
        var store = ContentStore.OpenDefault(parseResult.GetValue(Root));
        SnapshotLayers.AttachTo(store);
        return store;
    }
}
