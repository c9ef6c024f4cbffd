using System.CommandLine;
using Hoist.Content;

namespace Hoist.Cli;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static Option<string?> Root { get; } = new("--root")
    {
        Description = "State directory (default: $HOIST_ROOT, /var/lib/hoist as root, else $XDG_DATA_HOME/hoist)",
        HelpName = "DIR",
        Recursive = true,
    };

    public static ContentStore OpenStore(ParseResult parseResult) => ContentStore.OpenDefault(parseResult.GetValue(Root));
}
