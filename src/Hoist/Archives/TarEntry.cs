namespace Hoist.Archives;

/// <summary>
/// One tar entry's metadata. <see cref="Name"/> is relative, '/'-separated, without a trailing slash;
/// <see cref="Mode"/> holds the permission bits including setuid (04000), setgid (02000) and sticky (01000).
/// A tar written here holds whole seconds, as BuildKit's layers do (the sub-second part truncated); the sub-second
/// part is still carried (<see cref="ModificationTimeNanoseconds"/>) so that files keep it on disk, as BuildKit's
/// snapshots and containerd's applier keep it.
/// </summary>
public sealed record TarEntry
{
    public required string Name { get; init; }

    public required TarEntryType Type { get; init; }

    public int Mode { get; init; }

    public long Uid { get; init; }

    public long Gid { get; init; }

    public string UserName { get; init; } = "";

    public string GroupName { get; init; } = "";

    /// <summary>Seconds since the Unix epoch.</summary>
    public long ModificationTime { get; init; }

    /// <summary>The sub-second part (0–999,999,999) of the modification time: read from a PAX <c>mtime</c> record or a
    /// file, set on the file a layer is applied to, never written to a tar.</summary>
    public uint ModificationTimeNanoseconds { get; init; }

    /// <summary>Content length; only regular files have content.</summary>
    public long Size { get; init; }

    /// <summary>Symlink target (verbatim) or hard-link target (an entry name in the same archive).</summary>
    public string LinkTarget { get; init; } = "";

    public long DeviceMajor { get; init; }

    public long DeviceMinor { get; init; }

    /// <summary>Extended attributes by name, values byte-exact (e.g. <c>security.capability</c>).</summary>
    public IReadOnlyDictionary<string, byte[]> Xattrs { get; init; } = EmptyXattrs;

    internal static readonly IReadOnlyDictionary<string, byte[]> EmptyXattrs = new Dictionary<string, byte[]>();
}
