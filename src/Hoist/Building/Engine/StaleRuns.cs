using System.Globalization;
using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// Cleans up after builds that were killed (SIGKILL, power loss): each build works in <c>runs/PID-ID</c>, so a
/// directory whose process is gone is stale. Its containers (bundles are named after them) are killed and deleted,
/// its mounts detached, then it is removed.
/// </summary>
internal static class StaleRuns
{
    public static void Clean(string runsPath, string runtimePath)
    {
        if (!Directory.Exists(runsPath)) return;
        foreach (var directory in Directory.EnumerateDirectories(runsPath))
        {
            var name = Path.GetFileName(directory);
            var dash = name.IndexOf('-');
            if (dash <= 0 || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (Directory.Exists($"/proc/{pid}")) continue;
            foreach (var bundle in Directory.EnumerateDirectories(directory, "hoist-*"))
            {
                var id = Path.GetFileName(bundle);
                Runtime(runtimePath, "kill", id, "KILL");
                Runtime(runtimePath, "delete", "--force", id);
            }
            var prefix = directory + "/";
            var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
                .Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).OrderByDescending(m => m.Length).ToList();
            foreach (var mount in mounts) Native.Unmount(mount);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Runtime(string runtimePath, params string[] args)
    {
        try
        {
            ChildProcess.Run(new ChildProcessStart(runtimePath, args) { Timeout = TimeSpan.FromSeconds(10) });
        }
        catch (Exception e) when (e is ChildProcessStartException or TimeoutException)
        {
            // best effort: the directory is removed all the same
        }
    }
}
