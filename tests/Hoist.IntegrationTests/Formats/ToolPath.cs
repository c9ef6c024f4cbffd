namespace Hoist.IntegrationTests.Formats;

/// <summary>Finds executables on PATH (and the docker engine unpacked under /opt/hoist-docker by tests/conformance/record.sh).</summary>
public static class ToolPath
{
    public const string DockerPrefix = "/opt/hoist-docker";

    public static string? Find(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, tool);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>docker or dockerd from the unpacked engine, else from PATH.</summary>
    public static string? FindDocker(string tool)
    {
        foreach (var directory in new[] { "usr/bin", "usr/sbin" })
        {
            var path = Path.Combine(DockerPrefix, directory, tool);
            if (File.Exists(path)) return path;
        }
        return Find(tool);
    }
}
