using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>
/// Computes the items of a layer from filesystem changes, streaming (parents are emitted lazily, the first time
/// something beneath them changed): between a lower and an upper tree, or from an overlayfs upper directory.
/// </summary>
public static class LayerChanges
{
    /// <summary>
    /// Entries added or changed in <paramref name="upper"/> relative to <paramref name="lower"/>, and a whiteout for each
    /// path deleted. As in Docker, a regular file counts as unchanged when type, mode, owner, size, mtime (to the
    /// nanosecond), link target, device numbers and xattrs are equal; directory mtimes and sizes are ignored. Parents of
    /// a change are included so their permissions are restored.
    /// </summary>
    public static IEnumerable<LayerItem> BetweenDirectories(string lower, string upper, LayerWriteOptions? options = null)
    {
        var entries = new FileTreeEntries(options ?? new LayerWriteOptions());
        return Compare(entries, lower, upper, "", new List<Pending>());
    }

    /// <summary>
    /// The layer an overlayfs upper directory stands for: a 0/0 character device is a deletion (<c>.wh.name</c>);
    /// a directory with <c>trusted.overlay.opaque=y</c> (or <c>user.overlay.opaque</c> for rootless mounts) hides the
    /// lower directory (<c>.wh..wh..opq</c>, placed right after the directory entry).
    /// </summary>
    public static IEnumerable<LayerItem> FromOverlayUpper(string upper, LayerWriteOptions? options = null)
    {
        var entries = new FileTreeEntries(options ?? new LayerWriteOptions());
        return Overlay(entries, upper, "");
    }

    private static IEnumerable<LayerItem> Overlay(FileTreeEntries entries, string directory, string prefix)
    {
        foreach (var name in FileTreeEntries.SortedChildren(directory))
        {
            var full = Path.Combine(directory, name);
            var status = Native.LStat(full);
            if (status is null) continue;
            var relative = Join(prefix, name);
            var st = status.Value;
            if (st.Type == FileStatus.Char && st.RdevMajor == 0 && st.RdevMinor == 0)
            {
                yield return Whiteout(entries, Join(prefix, Whiteouts.Prefix + name), st);
                continue;
            }
            var item = entries.Describe(relative, full, st);
            if (item is null) continue;
            yield return item;
            if (!st.IsDirectory) continue;
            if (IsOpaque(full)) yield return Whiteout(entries, Join(relative, Whiteouts.OpaqueMarker), st);
            foreach (var child in Overlay(entries, full, relative)) yield return child;
        }
    }

    private static bool IsOpaque(string directory) =>
        Native.GetXattr(directory, "trusted.overlay.opaque") is [(byte)'y'] || Native.GetXattr(directory, "user.overlay.opaque") is [(byte)'y'];

    private static LayerItem Whiteout(FileTreeEntries entries, string name, FileStatus status) =>
        new(new TarEntry { Name = name, Type = TarEntryType.Regular, Mode = 0, ModificationTime = entries.Clamp(status.MtimeSeconds, status.MtimeNanoseconds) }) { MtimeNanoseconds = status.MtimeNanoseconds };

    private sealed class Pending(LayerItem item)
    {
        public LayerItem Item { get; } = item;
        public bool Emitted { get; set; }
    }

    private static IEnumerable<LayerItem> Compare(FileTreeEntries entries, string? lowerDir, string upperDir, string prefix, List<Pending> ancestors)
    {
        var upperNames = FileTreeEntries.SortedChildren(upperDir);
        var lowerNames = lowerDir is null ? [] : FileTreeEntries.SortedChildren(lowerDir);
        var names = new SortedSet<string>(upperNames, StringComparer.Ordinal);
        names.UnionWith(lowerNames);
        var inUpper = new HashSet<string>(upperNames, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var relative = Join(prefix, name);
            var upperPath = Path.Combine(upperDir, name);
            var lowerPath = lowerDir is null ? null : Path.Combine(lowerDir, name);
            var lowerStatus = lowerPath is null ? null : Native.LStat(lowerPath);
            if (!inUpper.Contains(name))
            {
                if (lowerStatus is null) continue;
                foreach (var parent in Flush(ancestors)) yield return parent;
                yield return Whiteout(entries, Join(prefix, Whiteouts.Prefix + name), lowerStatus.Value);
                continue;
            }
            var upperStatus = Native.LStat(upperPath);
            if (upperStatus is null) continue;
            var item = entries.Describe(relative, upperPath, upperStatus.Value);
            if (item is null) continue;
            var lowerIsDir = lowerStatus is { IsDirectory: true };
            var changed = lowerStatus is null || Differs(lowerPath!, lowerStatus.Value, upperPath, upperStatus.Value, item);
            if (!upperStatus.Value.IsDirectory)
            {
                if (!changed)
                {
                    // Not in the layer, so a later path to the same inode must carry the content itself.
                    entries.Forget(relative, upperStatus.Value);
                    continue;
                }
                foreach (var parent in Flush(ancestors)) yield return parent;
                yield return item;
                continue;
            }
            var pending = new Pending(item);
            ancestors.Add(pending);
            if (changed) foreach (var parent in Flush(ancestors)) yield return parent;
            foreach (var child in Compare(entries, lowerIsDir ? lowerPath : null, upperPath, relative, ancestors)) yield return child;
            ancestors.RemoveAt(ancestors.Count - 1);
        }
    }

    private static IEnumerable<LayerItem> Flush(List<Pending> ancestors)
    {
        foreach (var pending in ancestors)
        {
            if (pending.Emitted) continue;
            pending.Emitted = true;
            yield return pending.Item;
        }
    }

    private static bool Differs(string lowerPath, FileStatus lower, string upperPath, FileStatus upper, LayerItem upperItem)
    {
        if (lower.Mode != upper.Mode || lower.Uid != upper.Uid || lower.Gid != upper.Gid) return true;
        if (lower.RdevMajor != upper.RdevMajor || lower.RdevMinor != upper.RdevMinor) return true;
        if (!upper.IsDirectory && (lower.Size != upper.Size || lower.MtimeSeconds != upper.MtimeSeconds || lower.MtimeNanoseconds != upper.MtimeNanoseconds)) return true;
        if (upper.IsSymlink && new FileInfo(lowerPath).LinkTarget != upperItem.Entry.LinkTarget) return true;
        var lowerXattrs = Native.ListXattrs(lowerPath);
        var upperXattrs = Native.ListXattrs(upperPath);
        if (lowerXattrs.Count != upperXattrs.Count) return true;
        foreach (var (key, value) in upperXattrs)
        {
            if (!lowerXattrs.TryGetValue(key, out var other) || !other.AsSpan().SequenceEqual(value)) return true;
        }
        return false;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "/" + name;
}
