using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>
/// Turns files on disk into layer items: lstat-based metadata, owner override, timestamp clamping, xattrs, and hard
/// links (a second path to an inode already emitted becomes a hard-link entry to the first one).
/// </summary>
internal sealed class FileTreeEntries(LayerWriteOptions options)
{
    private readonly Dictionary<(ulong Device, ulong Inode), string> _linked = new();

    /// <summary>Children of a directory as (name, full path), sorted ordinally so walks are reproducible.</summary>
    public static List<string> SortedChildren(string directory)
    {
        var names = new List<string>();
        try
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory)) names.Add(Path.GetFileName(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"{directory}: {e.Message}", e);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Every entry under <paramref name="root"/> (not the root itself), parents before children.</summary>
    public IEnumerable<LayerItem> Walk(string root, string prefix = "")
    {
        foreach (var name in SortedChildren(root))
        {
            var full = Path.Combine(root, name);
            var status = Native.LStat(full);
            if (status is null) continue;
            var relative = prefix.Length == 0 ? name : prefix + "/" + name;
            var item = Describe(relative, full, status.Value);
            if (item is not null) yield return item;
            if (status.Value.IsDirectory)
            {
                foreach (var child in Walk(full, relative)) yield return child;
            }
        }
    }

    /// <summary>A layer item for one path; null for what a layer cannot hold (sockets).</summary>
    public LayerItem? Describe(string relative, string full, FileStatus status, Func<string, bool>? keepXattr = null)
    {
        var type = status.Type switch
        {
            FileStatus.Regular => TarEntryType.Regular,
            FileStatus.Directory => TarEntryType.Directory,
            FileStatus.Symlink => TarEntryType.Symlink,
            FileStatus.Char => TarEntryType.CharDevice,
            FileStatus.Block => TarEntryType.BlockDevice,
            FileStatus.Fifo => TarEntryType.Fifo,
            _ => (TarEntryType?)null,
        };
        if (type is null) return null;
        var time = options.Rewrite(status.MtimeSeconds, status.MtimeNanoseconds);
        var entry = new TarEntry
        {
            Name = relative,
            Type = type.Value,
            Mode = status.Permissions,
            Uid = options.Uid ?? status.Uid,
            Gid = options.Gid ?? status.Gid,
            UserName = options.UserName,
            GroupName = options.GroupName,
            ModificationTime = time,
            ModificationTimeNanoseconds = time == status.MtimeSeconds ? status.MtimeNanoseconds : 0,
            DeviceMajor = type is TarEntryType.CharDevice or TarEntryType.BlockDevice ? status.RdevMajor : 0,
            DeviceMinor = type is TarEntryType.CharDevice or TarEntryType.BlockDevice ? status.RdevMinor : 0,
            Xattrs = options.IncludeXattrs ? ImageXattrs(full, keepXattr) : TarEntry.EmptyXattrs,
        };
        switch (type.Value)
        {
            case TarEntryType.Symlink:
                return new LayerItem(entry with { LinkTarget = new FileInfo(full).LinkTarget ?? "" }) { MtimeNanoseconds = status.MtimeNanoseconds };
            case TarEntryType.Regular when status.LinkCount > 1:
                if (_linked.TryGetValue((status.Device, status.Inode), out var first))
                    return new LayerItem(entry with { Type = TarEntryType.HardLink, LinkTarget = first }) { MtimeNanoseconds = status.MtimeNanoseconds };
                _linked[(status.Device, status.Inode)] = relative;
                return new LayerItem(entry with { Size = status.Size }, full) { MtimeNanoseconds = status.MtimeNanoseconds };
            case TarEntryType.Regular:
                return new LayerItem(entry with { Size = status.Size }, full) { MtimeNanoseconds = status.MtimeNanoseconds };
            default:
                return new LayerItem(entry) { MtimeNanoseconds = status.MtimeNanoseconds };
        }
    }

    /// <summary>Undoes the hard-link registration of a described item that is not written after all.</summary>
    public void Forget(string relative, FileStatus status)
    {
        if (_linked.TryGetValue((status.Device, status.Inode), out var first) && first == relative) _linked.Remove((status.Device, status.Inode));
    }

    public long Clamp(long seconds, uint nanoseconds) => options.Rewrite(seconds, nanoseconds);

    /// <summary>The extended attributes of <paramref name="path"/> (not followed) that belong in an image: all but the
    /// host's labels and overlay bookkeeping, e.g. <c>security.capability</c> from setcap.</summary>
    public static IReadOnlyDictionary<string, byte[]> ImageXattrs(string path, Func<string, bool>? keep = null)
    {
        var all = Native.ListXattrs(path);
        if (all.Count == 0) return TarEntry.EmptyXattrs;
        var kept = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, value) in all)
        {
            if (IsHostSpecific(name) || (keep is not null && !keep(name))) continue;
            kept[name] = value;
        }
        return kept.Count == 0 ? TarEntry.EmptyXattrs : kept;
    }

    /// <summary>Labels and overlay bookkeeping describe the build host, not the image.</summary>
    private static bool IsHostSpecific(string name) =>
        name == "security.selinux" || name.StartsWith("trusted.overlay.", StringComparison.Ordinal)
        || name.StartsWith("user.overlay.", StringComparison.Ordinal) || name.StartsWith("system.", StringComparison.Ordinal);
}
