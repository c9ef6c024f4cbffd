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
            var parts = new Stack<string>();
            for (var node = this; node.Parent is not null; node = node.Parent) parts.Push(node.Name);
            return "/" + string.Join('/', parts);
        }
    }

    internal FileNode? Child(string name) => ChildMap is not null && ChildMap.TryGetValue(name, out var child) ? child : null;

    internal void AddEvidence(FileEvidence evidence) => (EvidenceList ??= []).Add(evidence);

    /// <summary>Every node below this one, depth first, children in name order.</summary>
    public IEnumerable<FileNode> Descendants()
    {
        var pending = new Stack<FileNode>();
        pending.Push(this);
        while (pending.TryPop(out var node))
        {
            if (!ReferenceEquals(node, this)) yield return node;
            foreach (var child in node.Children.Reverse()) pending.Push(child);
        }
    }
}
