using System.Text;

namespace Hoist.Posix;

/// <summary>
/// Slash-separated path arithmetic with Go's <c>path.Clean</c> rules, which BuildKit applies to every COPY path and
/// ignore pattern. Independent of the host's separator on purpose: image paths are always Unix paths.
/// </summary>
public static class UnixPath
{
    /// <summary>Go's path.Clean: collapse slashes, drop <c>.</c>, resolve <c>..</c> lexically, "" becomes ".".</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        if (IsClean(path)) return path; // the common case, e.g. every path of a context scan: no allocation
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        if (rooted) return "/" + joined;
        return joined.Length == 0 ? "." : joined;
    }

    /// <summary>True when <see cref="Clean"/> would return <paramref name="path"/> unchanged: no empty, "." or ".."
    /// component and no trailing slash (but "/" itself).</summary>
    private static bool IsClean(string path)
    {
        if (path == "/") return true;
        var start = path[0] == '/' ? 1 : 0;
        for (var i = start; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/') continue;
            var component = path.AsSpan(start, i - start);
            if (component is "" or "." or "..") return false;
            start = i + 1;
        }
        return true;
    }

    /// <summary>Joins and cleans; a rooted <paramref name="child"/> does not reset the result (Go's path.Join).</summary>
    public static string Join(params string[] parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length == 0) continue;
            if (builder.Length > 0) builder.Append('/');
            builder.Append(part);
        }
        return builder.Length == 0 ? "" : Clean(builder.ToString());
    }

    /// <summary>
    /// A path made relative to a root and clamped inside it: <c>../../x</c> and <c>/x</c> both become <c>x</c>,
    /// the root itself is "". This is how BuildKit treats COPY sources that try to leave the context.
    /// </summary>
    public static string ClampRelative(string path)
    {
        var clean = Clean("/" + path);
        return clean == "/" ? "" : clean[1..];
    }

    public static string FileName(string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0) return path.Length == 0 ? "." : "/";
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>The parent of a relative path; "" for a top-level name.</summary>
    public static string ParentOf(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? "" : relativePath[..slash];
    }

    /// <summary>Relative child path: "" + "a" is "a", "a" + "b" is "a/b".</summary>
    public static string Child(string relativeDirectory, string name) =>
        relativeDirectory.Length == 0 ? name : relativeDirectory + "/" + name;
}
