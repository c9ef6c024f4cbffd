using System.Collections.Concurrent;
using System.IO.Enumeration;
using Hoist.Posix;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Building.Context;

/// <summary>
/// A host directory seen as a root filesystem: lookups resolve symlinks the way continuity's fs.RootPath does (scoped
/// to the root, <c>..</c> clamped, absolute targets relative to the root), and entries matched by the ignore patterns
/// are invisible — except an ignored directory that still holds a re-included entry, which fsutil also sends.
/// </summary>
internal sealed class ScopedDirectory
{
    // Linux's own limit for symlinks in one lookup is 40; continuity allows 255. Either stops a loop.
    private const int MaxSymlinks = 255;

    /// <summary>Every entry, dot files included, never recursing (Directory.EnumerateFileSystemEntries' set).</summary>
    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    private readonly string _root;
    private readonly PathPatternSet _ignore;
    private readonly ConcurrentDictionary<string, bool> _ignoredDirectoryVisible = new(StringComparer.Ordinal);
    private readonly DirectoryPrefetch<List<FileEntry>> _prefetch;

    public ScopedDirectory(string root, PathPatternSet ignore)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full)) throw new HoistException($"{root}: not a directory");
        _root = full;
        _ignore = ignore;
        _prefetch = new DirectoryPrefetch<List<FileEntry>>(ListResolved, PrefetchWindow);
    }

    /// <summary>Directories listed ahead of a walk: enough to keep every core busy while the walk plans the current one.</summary>
    private static int PrefetchWindow => Math.Max(2, 2 * Environment.ProcessorCount);

    public string Root => _root;

    public FileEntry? Lookup(string path, bool followFinalSymlink)
    {
        var resolved = Resolve(path, followFinalSymlink);
        return resolved is null ? null : Stat(resolved);
    }

    public IReadOnlyList<FileEntry> List(string path)
    {
        // Resolve first: enumerating a path with a symlinked parent would let the host follow it out of the root.
        var directory = Resolve(path, followFinalSymlink: true) is { } resolved && Stat(resolved) is { Kind: FileKind.Directory }
            ? resolved
            : throw new HoistException($"\"/{path}\": not a directory");
        return _prefetch.Take(directory);
    }

    /// <summary>Starts listing these directories (resolved paths, as listed entries give them) in the background, in
    /// the order <see cref="List"/> will be asked for them.</summary>
    public void Prefetch(IEnumerable<string> directories) => _prefetch.Announce(directories);

    private List<FileEntry> ListResolved(string directory)
    {
        var full = FullPath(directory);
        var prefix = directory.Length == 0 ? "" : directory + "/";
        string[] paths;
        SafeFileHandle handle;
        try
        {
            // Each entry's path relative to the root straight from the directory entry: the name alone would be one
            // more string per file. Sorting the paths sorts the names (they share the prefix).
            paths = [.. new FileSystemEnumerable<string>(full, (ref FileSystemEntry entry) => string.Concat(prefix, entry.FileName), AllEntries)];
            handle = Native.OpenDirectoryPath(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HoistException)
        {
            throw new HoistException($"failed to read directory \"/{directory}\": {e.Message}", e);
        }
        Array.Sort(paths, StringComparer.Ordinal);
        var entries = new List<FileEntry>(paths.Length);
        using (handle)
        {
            foreach (var relative in paths)
            {
                if (Visible(FileEntry.TryLstatAt(handle, full, relative.AsSpan(prefix.Length), relative), relative) is { } entry) entries.Add(entry);
            }
        }
        return entries;
    }

    public Stream OpenRead(string path)
    {
        var resolved = Resolve(path, followFinalSymlink: true);
        if (resolved is null || Stat(resolved) is not { Kind: FileKind.File })
            throw new HoistException($"\"/{path}\": not a regular file");
        return new FileStream(FullPath(resolved), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    /// <summary>lstat of an already resolved path (no symlink among its parents), honouring the ignore patterns.</summary>
    private FileEntry? Stat(string relativePath) => Visible(FileEntry.TryLstat(FullPath(relativePath), relativePath), relativePath);

    /// <summary>The entry unless the ignore patterns hide it.</summary>
    private FileEntry? Visible(FileEntry? entry, string relativePath)
    {
        if (entry is null || relativePath.Length == 0 || !_ignore.Matches(relativePath)) return entry;
        return entry.Kind == FileKind.Directory && IgnoredDirectoryIsVisible(relativePath) ? entry : null;
    }

    /// <summary>
    /// Resolves a path to its real location under the root; null when a component is missing, hidden, or a
    /// non-directory is used as a directory.
    /// </summary>
    public string? Resolve(string path, bool followFinalSymlink)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var links = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var component = node.Value;
            if (component == ".") continue;
            if (component == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var isLast = pending.Count == 0;
            var candidate = string.Join('/', resolved.Append(component));
            if (isLast && !followFinalSymlink)
            {
                resolved.Add(component);
                break;
            }
            var entry = Stat(candidate);
            if (entry is null) return null;
            if (entry.Kind == FileKind.Symlink)
            {
                if (++links > MaxSymlinks) throw new HoistException($"\"/{candidate}\": too many levels of symbolic links");
                var target = entry.LinkTarget!;
                if (target.StartsWith('/')) resolved.Clear();
                foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.AddFirst(part);
                continue;
            }
            if (!isLast && entry.Kind != FileKind.Directory) return null;
            resolved.Add(component);
        }
        return string.Join('/', resolved);
    }

    private string FullPath(string relativePath) =>
        relativePath.Length == 0 ? _root : Path.Join(_root, relativePath);

    private bool IgnoredDirectoryIsVisible(string relativePath)
    {
        if (!_ignore.MayReincludeBelow(relativePath)) return false;
        // Listings may run on several threads (prefetch); two computing the same answer is harmless.
        return _ignoredDirectoryVisible.GetOrAdd(relativePath, path => ListResolved(path).Count > 0);
    }
}
