namespace Hoist.Content;

/// <summary>
/// Where Hoist keeps its state (blobs, image names, snapshots, cache): <c>--root</c>, else <c>$HOIST_ROOT</c>,
/// else <c>/var/lib/hoist</c> for root, else <c>$XDG_DATA_HOME/hoist</c> (default <c>~/.local/share/hoist</c>).
/// </summary>
public static class StateDirectory
{
    public const string EnvironmentVariable = "HOIST_ROOT";

    public static string Resolve(string? rootOption = null)
    {
        if (!string.IsNullOrEmpty(rootOption)) return Path.GetFullPath(rootOption);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        if (IsEffectiveRoot()) return "/var/lib/hoist";
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome) || !Path.IsPathRooted(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }
        return Path.Combine(dataHome, "hoist");
    }

    // The effective uid decides write access to /var/lib; $USER can lie (sudo, su without -).
    private static bool IsEffectiveRoot()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("Uid:", StringComparison.Ordinal)) continue;
                var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 2 && fields[2] == "0";
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return false;
    }
}
