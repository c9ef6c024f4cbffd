using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>
/// The filesystem an image's layers add up to, built entry by entry as the layers stream past (metadata only: content
/// is never kept). Applies OCI whiteouts (image-spec layer.md) and counts what a later layer overwrote or deleted: the
/// bytes an image carries that nobody can see.
/// </summary>
public sealed class MergedFileSystem
{
    private const int MaxLinkHops = 40;
    private readonly List<long> _wastedByLayer = [];
    private readonly WastedFiles _wastedFiles = new(20);

    public FileNode Root { get; } = new("", null);

    /// <summary>Bytes of files that a later layer replaced or deleted, per layer that did it.</summary>
    public IReadOnlyList<long> WastedByLayer => _wastedByLayer;

    public long WastedBytes => _wastedByLayer.Sum();

    /// <summary>The largest files a later layer replaced or deleted, largest first.</summary>
    public IReadOnlyList<WastedFile> LargestWasted => _wastedFiles.Largest;

    /// <summary>Applies one entry of layer <paramref name="layer"/>; returns its node, or null for a whiteout.</summary>
    public FileNode? Apply(int layer, TarEntry entry)
    {
        while (_wastedByLayer.Count <= layer) _wastedByLayer.Add(0);
        var parts = Split(entry.Name);
        if (parts.Count == 0)
        {
            SetMetadata(Root, layer, entry);
            return Root;
        }
        var name = parts[^1];
        var parent = ResolveDirectory(parts.Take(parts.Count - 1), layer, create: !name.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal));
        if (name == Whiteouts.OpaqueMarker)
        {
            if (parent is not null) RemoveLowerChildren(parent, layer);
            return null;
        }
        if (name.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal))
        {
            if (parent?.Child(name[Whiteouts.Prefix.Length..]) is { } hidden && hidden.Layer < layer) Remove(hidden, layer);
            return null;
        }
        return Put(parent!, name, layer, entry);
    }

    /// <summary>Finds a path (following symlinks in its directories, not in its last component); null if absent.</summary>
    public FileNode? Find(string path)
    {
        var parts = Split(path);
        if (parts.Count == 0) return Root;
        return ResolveDirectory(parts.Take(parts.Count - 1), 0, create: false)?.Child(parts[^1]);
    }

    /// <summary>Where a symlink finally points, or null when it dangles or loops.</summary>
    public FileNode? ResolveLink(FileNode node)
    {
        for (var hops = 0; node.Type == TarEntryType.Symlink; hops++)
        {
            if (hops == MaxLinkHops || node.Parent is null) return null;
            var target = node.LinkTarget.StartsWith('/') ? node.LinkTarget : Join(node.Parent.Path, node.LinkTarget);
            var next = Find(target);
            if (next is null) return null;
            node = next;
        }
        return node;
    }

    private FileNode Put(FileNode parent, string name, int layer, TarEntry entry)
    {
        var existing = parent.Child(name);
        if (existing is not null)
        {
            if (existing.Type == TarEntryType.Directory && entry.Type == TarEntryType.Directory)
            {
                SetMetadata(existing, layer, entry);
                return existing;
            }
            Remove(existing, layer);
        }
        var node = new FileNode(name, parent);
        SetMetadata(node, layer, entry);
        (parent.ChildMap ??= new Dictionary<string, FileNode>(StringComparer.Ordinal))[name] = node;
        return node;
    }

    private static void SetMetadata(FileNode node, int layer, TarEntry entry)
    {
        node.Type = entry.Type;
        node.Mode = entry.Mode;
        node.Uid = entry.Uid;
        node.Gid = entry.Gid;
        node.LinkTarget = entry.LinkTarget;
        node.ContentSize = ContentSize(entry);
        node.Layer = layer;
    }

    /// <summary>What an entry adds to docker's image size: overlay2 sums the lstat size of everything but directories
    /// (a symlink's is its target's length) and counts a hard-linked file once.</summary>
    public static long ContentSize(TarEntry entry) => entry.Type switch
    {
        TarEntryType.Regular => entry.Size,
        TarEntryType.Symlink => System.Text.Encoding.UTF8.GetByteCount(entry.LinkTarget),
        _ => 0,
    };

    private void RemoveLowerChildren(FileNode directory, int layer)
    {
        if (directory.ChildMap is null) return;
        foreach (var child in directory.ChildMap.Values.Where(c => c.Layer < layer).ToList()) Remove(child, layer);
    }

    private void Remove(FileNode node, int layer)
    {
        foreach (var gone in node.Descendants().Prepend(node).Where(n => n.ContentSize > 0))
        {
            _wastedByLayer[layer] += gone.ContentSize;
            _wastedFiles.Add(new WastedFile(gone.Path, gone.ContentSize, gone.Layer, layer));
        }
        node.Parent!.ChildMap!.Remove(node.Name);
    }

    /// <summary>The directory at <paramref name="parts"/>, following symlinks as extraction would; with
    /// <paramref name="create"/>, missing directories are made (a layer may omit its parents).</summary>
    private FileNode? ResolveDirectory(IEnumerable<string> parts, int layer, bool create)
    {
        var current = Root;
        var pending = new Queue<string>(parts);
        var hops = 0;
        while (pending.TryDequeue(out var part))
        {
            if (part == "..")
            {
                current = current.Parent ?? Root;
                continue;
            }
            var child = current.Child(part);
            if (child is { Type: TarEntryType.Symlink } && hops++ < MaxLinkHops)
            {
                var rest = pending.ToList();
                var target = child.LinkTarget.StartsWith('/') ? child.LinkTarget : Join(current.Path, child.LinkTarget);
                pending = new Queue<string>(Split(target).Concat(rest));
                current = Root;
                continue;
            }
            if (child is null || child.Type != TarEntryType.Directory)
            {
                if (!create) return null;
                child = Put(current, part, layer, new TarEntry { Name = part, Type = TarEntryType.Directory, Mode = 0x1ED });
            }
            current = child;
        }
        return current;
    }

    private static string Join(string directory, string relative) => directory.TrimEnd('/') + "/" + relative;

    private static List<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
}
