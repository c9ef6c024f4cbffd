using System.CommandLine;

namespace Hoist.Cli;

/// <summary>docker's management-command spellings of Hoist's commands: <c>image ls|rm|inspect|prune</c>, <c>builder prune</c>.</summary>
public static class DockerAliases
{
    public static Command Image()
    {
        var list = ImagesCommand.Create();
        list.Aliases.Add("ls");
        list.Aliases.Add("list");
        var remove = RmiCommand.Create();
        remove.Aliases.Add("rm");
        return new Command("image", "Manage images, as docker image: ls, rm, inspect, prune")
        {
            list, remove, InspectCommand.Create(), ImagePruneCommand.Create(),
        };
    }

    public static Command Builder() =>
        new("builder", "Manage the build cache, as docker builder: prune") { PruneCommand.Create() };
}
