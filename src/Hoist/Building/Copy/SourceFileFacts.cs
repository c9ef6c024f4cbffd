namespace Hoist.Building.Copy;

/// <summary>What a COPY key takes from a source entry besides its plan: the extended attributes the copy keeps and,
/// for a regular file, the sha256 of its content (null for other kinds).</summary>
public readonly record struct SourceFileFacts(IReadOnlyDictionary<string, byte[]> Xattrs, byte[]? ContentHash)
{
    public static readonly IReadOnlyDictionary<string, byte[]> NoXattrs = new Dictionary<string, byte[]>();
}
