using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>Bytes a directory tree holds: regular files' sizes, each inode once (hard links), symlinks never followed.</summary>
internal static class DiskUsage
{
    public static long Of(string directory)
    {
        // A layer sharing another's directory is a link to it: its bytes are that layer's.
        if (Native.LStat(directory) is not { IsDirectory: true }) return 0;
        var inodes = new HashSet<(ulong, ulong)>();
        long total = 0;
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.TryPop(out var current))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(current))
            {
                if (Native.LStat(entry) is not { } status) continue;
                if (status.IsDirectory) pending.Push(entry);
                else if (status.IsRegular && inodes.Add((status.Device, status.Inode))) total += status.Size;
            }
        }
        return total;
    }
}
