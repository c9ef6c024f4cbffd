namespace Hoist.Execution;

/// <summary>The user-mode network stack found on this machine: which one and the binary to run.</summary>
public sealed record NetworkStack(NetworkStackKind Kind, string Path)
{
    /// <summary>What Hoist looks for, in order: the command names on PATH (or absolute paths).</summary>
    public static IReadOnlyList<string> DefaultCandidates { get; } = ["pasta", "slirp4netns"];

    /// <summary>The first candidate that exists; a one-line error naming the packages when there is none.</summary>
    public static NetworkStack Find(IReadOnlyList<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            var kind = System.IO.Path.GetFileName(candidate) == "slirp4netns" ? NetworkStackKind.Slirp4netns : NetworkStackKind.Pasta;
            if (Locate(candidate) is { } path) return new NetworkStack(kind, path);
        }
        throw new HoistException("the default network (of a RUN or hoist run) needs a user-mode network stack and none was found: "
            + "install the Debian package passt (pasta) or slirp4netns, or use --network host or --network none");
    }

    private static string? Locate(string command)
    {
        if (command.Contains('/')) return File.Exists(command) ? command : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => System.IO.Path.Combine(d, command)).FirstOrDefault(File.Exists);
    }
}
