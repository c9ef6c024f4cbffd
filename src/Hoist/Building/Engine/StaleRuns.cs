using Hoist.Execution;
using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// Cleans up after Hoist processes that were killed (SIGKILL, a crash, power loss) before a new one starts work. Each
/// process works in a <see cref="ScratchSpace"/> under <c>runs/</c>; a space whose owner is gone is stale. Its
/// containers (found in Hoist's own runc state directory, so containers whose bundle is gone are found too) are killed
/// and deleted, the user-mode network stacks of its RUNs stopped, its mounts (snapshots, network namespaces, the secrets
/// tmpfs) detached, and it is removed; secrets a dead process had to keep in /dev/shm go too.
/// </summary>
internal static class StaleRuns
{
    public static void Clean(string runsPath, RuncRuntimeOptions runtime)
    {
        new RuncRuntime(runtime).ReapOrphans(bundle => IsOrphanBundle(runsPath, bundle));
        if (Directory.Exists(runsPath))
        {
            foreach (var directory in Directory.EnumerateDirectories(runsPath).Where(d => !ScratchSpace.IsOwnerAlive(d)))
                Remove(directory);
        }
        if (Directory.Exists(ScratchSpace.SharedMemoryRoot))
        {
            foreach (var directory in Directory.EnumerateDirectories(ScratchSpace.SharedMemoryRoot, "hoist-*").Where(d => !ScratchSpace.IsOwnerAlive(d)))
                ScratchSpace.DeleteTree(directory);
        }
    }

    /// <summary>A container is an orphan when its bundle is gone or lies in the scratch space of a dead process.</summary>
    private static bool IsOrphanBundle(string runsPath, string bundle)
    {
        if (!Directory.Exists(bundle)) return true;
        var relative = Path.GetRelativePath(runsPath, bundle);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return false;
        return !ScratchSpace.IsOwnerAlive(Path.Combine(runsPath, relative.Split('/')[0]));
    }

    private static void Remove(string directory)
    {
        foreach (var bundle in Directory.EnumerateDirectories(directory, "hoist-*")) SandboxNetwork.KillRecorded(bundle);
        var prefix = directory + "/";
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).OrderByDescending(m => m.Length).ToList();
        foreach (var mount in mounts) Native.Unmount(mount);
        ScratchSpace.DeleteTree(directory);
    }
}
