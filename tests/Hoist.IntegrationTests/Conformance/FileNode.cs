namespace Hoist.IntegrationTests.Conformance;

/// <summary>One inode of a merged image filesystem; hard-linked paths share the same instance.</summary>
public sealed class FileNode
{
    public required string Kind { get; init; }

    public required int Mode { get; init; }

    public required int Uid { get; init; }

    public required int Gid { get; init; }

    public long Size { get; init; }

    public string? Sha256 { get; init; }

    public string? Text { get; init; }

    public string? Target { get; init; }

    public int? Major { get; init; }

    public int? Minor { get; init; }

    /// <summary>Extended attribute name → value as hex, sorted by name.</summary>
    public required SortedDictionary<string, string> Xattrs { get; init; }

    /// <summary>Everything that decides whether a path is unchanged from the base (mtime is never compared).</summary>
    public string Signature =>
        string.Join('\0', Kind, Mode, Uid, Gid, Size, Sha256, Target, string.Join(',', Xattrs.Select(x => x.Key + "=" + x.Value)));
}
