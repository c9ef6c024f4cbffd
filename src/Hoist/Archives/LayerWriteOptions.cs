using System.Text.Json.Serialization;

namespace Hoist.Archives;

public sealed record LayerWriteOptions
{
    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>gzip 1-9 (default 6), zstd 1-22 (default 3).</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Independent gzip members compressed on all cores; false gives one classic gzip member.</summary>
    public bool ParallelGzip { get; init; } = true;

    /// <summary>With parallel gzip: records the blob's members, taking unchanged ones from an earlier blob (see <see cref="GzipMemberLog"/>).</summary>
    [JsonIgnore]
    public GzipMemberLog? GzipMembers { get; init; }

    /// <summary>Use the Docker media type for gzip layers.</summary>
    public bool DockerMediaType { get; init; }

    /// <summary>Clamp every timestamp to at most this many seconds since the epoch (SOURCE_DATE_EPOCH).</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>With <see cref="SourceDateEpoch"/>: times a build wrote, which become the epoch (see <see cref="BuildTimeWindows"/>).</summary>
    public BuildTimeWindows BuildWindows { get; init; } = BuildTimeWindows.None;

    /// <summary>Record this owner instead of the files' own (e.g. 0:0 for a rootless build).</summary>
    public long? Uid { get; init; }

    public long? Gid { get; init; }

    public string UserName { get; init; } = "";

    public string GroupName { get; init; } = "";

    /// <summary>Copy extended attributes (host-specific ones such as security.selinux are always left out).</summary>
    public bool IncludeXattrs { get; init; } = true;

    /// <summary>The one extended attribute the layers a build writes keep (<see cref="OnlyCapabilityXattr"/>).</summary>
    public const string CapabilityXattr = "security.capability";

    /// <summary>Record no extended attribute but <see cref="CapabilityXattr"/> (what setcap writes), as BuildKit's layer
    /// differ does (containerd's tar writer reads no other): set for the layers a build writes; <c>hoist layer</c>, rootfs
    /// exports and cache-mount archives keep every one but the host's.</summary>
    public bool OnlyCapabilityXattr { get; init; }

    /// <summary>SOURCE_DATE_EPOCH rewriting of one time: a build's own times become the epoch, no other is later than it.</summary>
    /// <param name="nanoseconds">The time's sub-second part when known (a file system's); a tar's whole second is taken
    /// as any time within it.</param>
    public long Rewrite(long seconds, uint? nanoseconds = null) => SourceDateEpoch is not { } epoch ? seconds
        : seconds > epoch || BuildWindows.Contains(seconds, nanoseconds) ? epoch : seconds;

    /// <summary>
    /// Round times to the nearest second (half up) instead of truncating them as a layer does: BuildKit's tar exporter
    /// (<c>-o type=tar</c>, Go's archive/tar with no format chosen) writes a file of 20.987654321 as 21, its layers as 20.
    /// </summary>
    public bool RoundToNearestSecond { get; init; }

    /// <summary>An item's entry with its time rewritten (<see cref="Rewrite"/>, <see cref="RoundToNearestSecond"/>; a time
    /// that changed loses its sub-second part) and its extended attributes as <see cref="OnlyCapabilityXattr"/> says.</summary>
    public TarEntry Rewritten(LayerItem item)
    {
        var entry = OnlyCapabilityXattr ? WithCapabilityOnly(item.Entry) : item.Entry;
        var time = Rewrite(entry.ModificationTime, item.MtimeNanoseconds);
        if (time == entry.ModificationTime && RoundToNearestSecond && entry.ModificationTimeNanoseconds >= 500_000_000) time++;
        return time == entry.ModificationTime ? entry : entry with { ModificationTime = time, ModificationTimeNanoseconds = 0 };
    }

    private static TarEntry WithCapabilityOnly(TarEntry entry)
    {
        if (entry.Xattrs.Count == 0 || (entry.Xattrs.Count == 1 && entry.Xattrs.ContainsKey(CapabilityXattr))) return entry;
        return entry with
        {
            Xattrs = entry.Xattrs.TryGetValue(CapabilityXattr, out var capability)
                ? new SortedDictionary<string, byte[]>(StringComparer.Ordinal) { [CapabilityXattr] = capability }
                : TarEntry.EmptyXattrs,
        };
    }
}
