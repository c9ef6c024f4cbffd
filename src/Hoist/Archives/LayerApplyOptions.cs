namespace Hoist.Archives;

public sealed record LayerApplyOptions
{
    public DeviceNodePolicy Devices { get; init; } = DeviceNodePolicy.Reject;

    /// <summary>Set entry owners; only possible as root (default: when running as root).</summary>
    public bool? Chown { get; init; }

    /// <summary>Set xattrs; those the filesystem or our privileges refuse are counted, not fatal (as Docker).</summary>
    public bool ApplyXattrs { get; init; } = true;

    public WhiteoutStyle Whiteouts { get; init; } = WhiteoutStyle.Apply;

    /// <summary>
    /// For a layer unpacked on its own: finds the target of a hard link that is not in this layer among the layers below
    /// (given the target's cleaned path relative to the root; returns the host path of a regular file, or null). The
    /// file is then copied into this layer and linked there, as overlayfs copy-up and containerd's applier do.
    /// </summary>
    public Func<string, string?>? LowerHardLinkTarget { get; init; }

    /// <summary>Shown every entry as it is applied, a regular file's content read back from the file just written.</summary>
    public ILayerEntryObserver? Observer { get; init; }

    /// <summary>
    /// Sub-second mtime parts by entry name, for a tar written in-process in whole seconds (a COPY's layer, as
    /// BuildKit's) whose files must still keep their source's nanoseconds on disk, as BuildKit's snapshot does.
    /// </summary>
    public IReadOnlyDictionary<string, uint>? SubsecondMtimes { get; init; }

    /// <summary>The <see cref="SubsecondMtimes"/> of the entries a whole-second tar is written from.</summary>
    public static IReadOnlyDictionary<string, uint> SubsecondMtimesOf(IEnumerable<TarEntry> entries)
    {
        var subseconds = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.ModificationTimeNanoseconds != 0) subseconds[entry.Name] = entry.ModificationTimeNanoseconds;
        }
        return subseconds;
    }
}
