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
        if (LastPart(entry.Name) is not { } last)
        {
            SetMetadata(Root, layer, entry);
            return Root;
        }
        var name = entry.Name[last];
        var isWhiteout = name.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal);
        var parent = ResolveDirectory(entry.Name, last.Start.Value, layer, create: !isWhiteout);
        if (name == Whiteouts.OpaqueMarker)
        {
            if (parent is not null) RemoveLowerChildren(parent, layer);
            return null;
        }
        if (isWhiteout)
        {
            if (parent?.Child(name.AsSpan(Whiteouts.Prefix.Length)) is { } hidden && hidden.Layer < layer) Remove(hidden, layer);
            return null;
        }
        return Put(parent!, name, layer, entry);
    }

    /// <summary>Finds a path (following symlinks in its directories, not in its last component); null if absent.</summary>
    public FileNode? Find(string path)
    {
        if (LastPart(path) is not { } last) return Root;
        return ResolveDirectory(path, last.Start.Value, 0, create: false)?.Child(path.AsSpan(last));
    }

    /// <summary>The directory a path leads to, following symlinks in every component (as <see cref="Find"/> does for
    /// the directories of a path): <c>Find(path + "/" + name)</c> is <c>FindDirectory(path)?.Child(name)</c>.</summary>
    internal FileNode? FindDirectory(string path) => ResolveDirectory(path, path.Length, 0, create: false);

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

    /// <summary>The directory at the components of <c>path[..end]</c>, following symlinks as extraction would; with
    /// <paramref name="create"/>, missing directories are made (a layer may omit its parents). Walks the text in place:
    /// a layer's tens of thousands of entries split into strings were most of an analysis's garbage.</summary>
    private FileNode? ResolveDirectory(string path, int end, int layer, bool create)
    {
        var current = Root;
        var position = 0;
        var hops = 0;
        while (NextPart(path, end, ref position) is { } range)
        {
            var part = path.AsSpan(range);
            if (part is "..")
            {
                current = current.Parent ?? Root;
                continue;
            }
            var child = current.Child(part);
            if (child is { Type: TarEntryType.Symlink } && hops++ < MaxLinkHops)
            {
                var target = child.LinkTarget.StartsWith('/') ? child.LinkTarget : Join(current.Path, child.LinkTarget);
                path = position < end ? target + "/" + path[position..end] : target;
                (end, position, current) = (path.Length, 0, Root);
                continue;
            }
            if (child is null || child.Type != TarEntryType.Directory)
            {
                if (!create) return null;
                var name = part.ToString();
                child = Put(current, name, layer, new TarEntry { Name = name, Type = TarEntryType.Directory, Mode = 0x1ED });
            }
            current = child;
        }
        return current;
    }

    private static string Join(string directory, string relative) => directory.TrimEnd('/') + "/" + relative;

    /// <summary>The next component of <c>path[..end]</c> from <paramref name="position"/> (empty and <c>.</c> components
    /// skipped); null at the end.</summary>
    private static Range? NextPart(string path, int end, ref int position)
    {
        while (position < end)
        {
            var slash = path.IndexOf('/', position, end - position);
            var stop = slash < 0 ? end : slash;
            var start = position;
            position = stop + 1;
            if (stop > start && !(stop - start == 1 && path[start] == '.')) return start..stop;
        }
        return null;
    }

    /// <summary>The last component of a path (empty and <c>.</c> components skipped); null for the root.</summary>
    private static Range? LastPart(string path)
    {
        Range? last = null;
        var position = 0;
        while (NextPart(path, path.Length, ref position) is { } part) last = part;
        return last;
    }
}
