using Hoist.Building.Context;
using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// Whole-tree copies for mounts that must not write through to their source (a <c>rw</c> bind mount, a cache seeded
/// from a stage): <c>cp -a</c> keeps owners, modes, times, links, xattrs and special files exactly.
/// </summary>
internal static class TreeCopy
{
    /// <summary>Copies <paramref name="source"/> (a directory's content, or one file) to <paramref name="destination"/>.</summary>
    public static void Copy(string source, string destination)
    {
        var result = ChildProcess.Run(new ChildProcessStart("cp", ["-a", "--no-target-directory", source, destination]));
        if (result.ExitCode != 0) throw new HoistException($"copying {source}: {result.Error.Trim()}");
    }

    /// <summary>
    /// Removes what a .dockerignore excludes from a copy of (part of) the build context, as the context a build sees
    /// lacks it. <paramref name="prefix"/> is the copied directory's path in the context ("" for the whole context).
    /// </summary>
    public static void RemoveIgnored(string directory, PathPatternSet ignore, string prefix)
    {
        if (ignore.IsEmpty) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).ToList())
        {
            var name = prefix.Length == 0 ? Path.GetFileName(entry) : prefix + "/" + Path.GetFileName(entry);
            var isDirectory = Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint);
            if (isDirectory)
            {
                if (ignore.Matches(name) && !ignore.MayReincludeBelow(name)) Directory.Delete(entry, recursive: true);
                else RemoveIgnored(entry, ignore, name);
            }
            else if (ignore.Matches(name))
            {
                File.Delete(entry);
            }
        }
    }
}
