using ArchiveFileStatus = Hoist.Posix.FileStatus;
using Hoist.Archives;
using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// Looks a path up in unpacked layer directories the way overlayfs shows them merged: the topmost layer that has the
/// path wins; a 0/0 character device (whiteout) hides it and everything below; an opaque directory on the way
/// (<c>trusted.overlay.opaque=y</c>) hides the layers below it. Symlinks on the way are never followed, so a lookup
/// stays inside the layer directories.
/// </summary>
internal static class MergedLowers
{
    /// <summary>The host path of the regular file at <paramref name="relative"/> in the merged view, or null.</summary>
    public static string? FindFile(IReadOnlyList<string> lowersTopFirst, string relative) =>
        Find(lowersTopFirst, relative) is { Status.IsRegular: true } found ? found.Path : null;

    /// <summary>What the merged view has at <paramref name="relative"/> when it is a directory, or null.</summary>
    public static ArchiveFileStatus? FindDirectory(IReadOnlyList<string> lowersTopFirst, string relative) =>
        Find(lowersTopFirst, relative) is { } found && found.Status.IsDirectory ? found.Status : null;

    /// <summary>Whether every component of <paramref name="relative"/> under <paramref name="root"/> is a real directory.</summary>
    public static bool IsRealDirectory(string root, string relative)
    {
        var current = root;
        foreach (var part in relative.Split('/'))
        {
            current += "/" + part;
            if (Native.LStat(current) is not { IsDirectory: true }) return false;
        }
        return true;
    }

    private static (string Path, ArchiveFileStatus Status)? Find(IReadOnlyList<string> lowersTopFirst, string relative)
    {
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is "." or "..")) return null;
        foreach (var lower in lowersTopFirst)
        {
            var (outcome, found) = Look(lower, parts);
            switch (outcome)
            {
                case Lookup.Found: return found;
                case Lookup.Hidden: return null;
            }
        }
        return null;
    }

    private enum Lookup { Absent, Found, Hidden }

    /// <summary>One layer's say on the path: there, deleted (or hidden by an opaque directory), or no opinion.</summary>
    private static (Lookup, (string, ArchiveFileStatus)?) Look(string lower, string[] parts)
    {
        var current = lower;
        var opaque = false;
        for (var i = 0; i < parts.Length; i++)
        {
            current += "/" + parts[i];
            var status = Native.LStat(current);
            if (status is null) return (opaque ? Lookup.Hidden : Lookup.Absent, null);
            if (IsWhiteout(status.Value)) return (Lookup.Hidden, null);
            if (i == parts.Length - 1) return (Lookup.Found, (current, status.Value));
            // A file or symlink where a directory is needed: the merged view has no such path.
            if (!status.Value.IsDirectory) return (Lookup.Hidden, null);
            opaque |= Native.GetXattr(current, "trusted.overlay.opaque") is [(byte)'y'];
        }
        return (Lookup.Absent, null);
    }

    private static bool IsWhiteout(ArchiveFileStatus status) => status.Type == ArchiveFileStatus.Char && status.RdevMajor == 0 && status.RdevMinor == 0;
}
