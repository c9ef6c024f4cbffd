using Hoist.Archives;
using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// The layer of a RUN from its overlay upper directory, minus directories the runtime merely copied up: runc creates
/// mount points (/etc, /dev, /proc, ...) and copy-up keeps the metadata, so a directory whose mode and owner equal the
/// lower one's is not a change (BuildKit's overlay differ compares the same way). Its changed children still count.
/// </summary>
internal static class OverlayChanges
{
    /// <summary>The layer's items; the directories left out are added to <paramref name="omitted"/> (what a later walk of
    /// the upper directory alone must leave out to give the same layer).</summary>
    public static IEnumerable<LayerItem> WithoutCopiedUpDirectories(string upper, IReadOnlyList<string> lowersTopFirst,
        ICollection<string>? omitted = null, LayerWriteOptions? options = null)
    {
        foreach (var item in LayerChanges.FromOverlayUpper(upper, options))
        {
            if (item.Entry.Type == TarEntryType.Directory && SameAsLower(upper, item.Entry, lowersTopFirst))
            {
                omitted?.Add(item.Entry.Name);
                continue;
            }
            yield return item;
        }
    }

    private static bool IsOverlayOwn(string name) =>
        name.StartsWith("trusted.overlay.", StringComparison.Ordinal) || name.StartsWith("user.overlay.", StringComparison.Ordinal);

    private static bool SameAsLower(string upper, TarEntry entry, IReadOnlyList<string> lowers)
    {
        var upperPath = Path.Combine(upper, entry.Name);
        if (Native.GetXattr(upperPath, "trusted.overlay.opaque") is [(byte)'y']) return false;
        foreach (var lower in lowers)
        {
            var status = Native.LStat(Path.Combine(lower, entry.Name));
            if (status is null) continue;
            var st = status.Value;
            if (!st.IsDirectory) return false;
            if (st.Permissions != entry.Mode || st.Uid != entry.Uid || st.Gid != entry.Gid) return false;
            // overlayfs keeps its own bookkeeping in trusted.overlay.* (origin, impure...): not the RUN's doing.
            var lowerXattrs = Native.ListXattrs(Path.Combine(lower, entry.Name)).Where(x => !IsOverlayOwn(x.Key)).ToList();
            var upperXattrs = entry.Xattrs.Where(x => !IsOverlayOwn(x.Key)).ToList();
            return lowerXattrs.Count == upperXattrs.Count
                && lowerXattrs.All(x => entry.Xattrs.TryGetValue(x.Key, out var v) && v.AsSpan().SequenceEqual(x.Value));
        }
        return false;
    }
}
