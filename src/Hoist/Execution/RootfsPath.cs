namespace Hoist.Execution;

/// <summary>
/// Resolves a path inside a root filesystem as the container would see it: symlinks are followed, but absolute targets
/// start again at the root and <c>..</c> stops at the root, so the result never leaves it.
/// </summary>
public static class RootfsPath
{
    private const int MaxSymlinks = 255;

    public static string Resolve(string root, string path)
    {
        root = Path.GetFullPath(root).TrimEnd('/');
        var pending = new LinkedList<string>(Split(path));
        var resolved = new List<string>();
        var links = 0;
        while (pending.First is { } first)
        {
            pending.RemoveFirst();
            var part = first.Value;
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = Join(root, resolved, part);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved.Add(part);
                continue;
            }
            if (++links > MaxSymlinks)
                throw new HoistException($"too many levels of symbolic links resolving {path}");
            if (target.StartsWith('/')) resolved.Clear();
            var parts = Split(target);
            for (var i = parts.Length - 1; i >= 0; i--) pending.AddFirst(parts[i]);
        }
        return resolved.Count == 0 ? root : root + "/" + string.Join('/', resolved);
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(string root, List<string> resolved, string part) =>
        resolved.Count == 0 ? root + "/" + part : root + "/" + string.Join('/', resolved) + "/" + part;
}
