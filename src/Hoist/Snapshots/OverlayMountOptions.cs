using System.Text;

namespace Hoist.Snapshots;

/// <summary>
/// Builds overlayfs mount data. mount(2) copies at most one page of options, so a long lower list is split into
/// read-only intermediate overlays that become the lowers of the final mount (overlay allows two levels of stacking).
/// </summary>
internal static class OverlayMountOptions
{
    /// <summary>One page minus the terminating NUL.</summary>
    public static int DefaultLimit => Environment.SystemPageSize - 1;

    /// <summary>Overlay splits lowerdir on ':' and options on ','; a backslash escapes either (and itself).</summary>
    public static string Escape(string path)
    {
        var text = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c is '\\' or ':' or ',') text.Append('\\');
            text.Append(c);
        }
        return text.ToString();
    }

    public static string ForUpper(IReadOnlyList<string> lowersTopFirst, string upper, string work) =>
        $"lowerdir={string.Join(':', lowersTopFirst.Select(Escape))},upperdir={Escape(upper)},workdir={Escape(work)}";

    /// <summary>A read-only overlay of lowers only (no upper); needs at least two lowers.</summary>
    public static string ForReadOnly(IReadOnlyList<string> lowersTopFirst) =>
        $"lowerdir={string.Join(':', lowersTopFirst.Select(Escape))}";

    /// <summary>
    /// Splits the lowers (top first) into consecutive groups whose read-only mount data fits in <paramref name="limit"/>,
    /// keeping their order.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Chunk(IReadOnlyList<string> lowersTopFirst, int limit)
    {
        var chunks = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        var length = "lowerdir=".Length;
        foreach (var lower in lowersTopFirst)
        {
            var extra = Escape(lower).Length + (current.Count == 0 ? 0 : 1);
            if (current.Count > 0 && length + extra > limit)
            {
                chunks.Add(current);
                current = [];
                length = "lowerdir=".Length;
                extra = Escape(lower).Length;
            }
            if ("lowerdir=".Length + Escape(lower).Length > limit)
                throw new HoistException($"layer path too long for an overlay mount: {lower}");
            current.Add(lower);
            length += extra;
        }
        if (current.Count > 0) chunks.Add(current);
        return chunks;
    }
}
