using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>One path of a merged filesystem: the metadata of the entry that put it there and what inspectors found in
/// its content.</summary>
public sealed class FileNode
{
    internal FileNode(string name, FileNode? parent)
    {
        Name = name;
        Parent = parent;
    }

    public string Name { get; }

    public FileNode? Parent { get; }

    public TarEntryType Type { get; internal set; } = TarEntryType.Directory;

    public int Mode { get; internal set; } = 0x1ED; // 0755 for directories only implied by a deeper entry

    public long Uid { get; internal set; }

    public long Gid { get; internal set; }

    /// <summary>Bytes it counts for in docker's image size: a regular file's length, a symlink target's length.</summary>
    public long ContentSize { get; internal set; }

    public string LinkTarget { get; internal set; } = "";

    /// <summary>Index of the layer whose entry put this node here.</summary>
    public int Layer { get; internal set; }

    internal Dictionary<string, FileNode>? ChildMap { get; set; }

    internal List<FileEvidence>? EvidenceList { get; set; }

    public IEnumerable<FileNode> Children =>
        ChildMap is null ? [] : ChildMap.Values.OrderBy(c => c.Name, StringComparer.Ordinal);

    public IReadOnlyList<FileEvidence> Evidence => EvidenceList ?? (IReadOnlyList<FileEvidence>)[];

    /// <summary>The absolute path, <c>/</c> for the root.</summary>
    public string Path
    {
        get
        {
            if (Parent is null) return "/";
            var length = 0;
            for (var node = this; node.Parent is not null; node = node.Parent) length += node.Name.Length + 1;
            return string.Create(length, this, static (text, last) =>
            {
                var end = text.Length;
                for (var node = last; node.Parent is not null; node = node.Parent)
                {
                    node.Name.CopyTo(text[(end - node.Name.Length)..]);
                    end -= node.Name.Length + 1;
                    text[end] = '/';
                }
            });
        }
    }

    internal FileNode? Child(string name) => ChildMap is not null && ChildMap.TryGetValue(name, out var child) ? child : null;

    internal FileNode? Child(ReadOnlySpan<char> name) =>
        ChildMap is not null && ChildMap.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var child) ? child : null;

    internal void AddEvidence(FileEvidence evidence) => (EvidenceList ??= []).Add(evidence);

    /// <summary>Every node below this one, depth first, children in name order.</summary>
    public IEnumerable<FileNode> Descendants()
    {
        var pending = new Stack<FileNode>();
        pending.Push(this);
        while (pending.TryPop(out var node))
        {
            if (!ReferenceEquals(node, this)) yield return node;
            if (node.ChildMap is not { Count: > 0 } children) continue;
            var sorted = new FileNode[children.Count];
            children.Values.CopyTo(sorted, 0);
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(b.Name, a.Name)); // pushed last name first
            foreach (var child in sorted) pending.Push(child);
        }
    }
}
