using System.Text.Json.Serialization;
using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>
/// What one walk of a layer learned, kept so the next analysis of the same layer replays it instead of decompressing
/// and reading the blob again: every entry's metadata (in tar order) with the evidence the inspectors found in it, and
/// the layer's sizes. Replaying through <see cref="MergedFileSystem"/> gives exactly what the walk gave.
/// </summary>
public sealed record LayerRecord
{
    [JsonPropertyName("tarSize")]
    public required long TarSize { get; init; }

    [JsonPropertyName("contentSize")]
    public required long ContentSize { get; init; }

    [JsonPropertyName("entries")]
    public required IReadOnlyList<RecordedEntry> Entries { get; init; }
}

/// <summary>One tar entry as analysis needs it (no times, no xattrs: nothing reads them) and its evidence.</summary>
public sealed record RecordedEntry
{
    [JsonPropertyName("n")]
    public required string Name { get; init; }

    [JsonPropertyName("t")]
    public required TarEntryType Type { get; init; }

    [JsonPropertyName("m")]
    public int Mode { get; init; }

    [JsonPropertyName("u")]
    public long Uid { get; init; }

    [JsonPropertyName("g")]
    public long Gid { get; init; }

    [JsonPropertyName("s")]
    public long Size { get; init; }

    [JsonPropertyName("l")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? LinkTarget { get; init; }

    [JsonPropertyName("e")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FileEvidence>? Evidence { get; init; }

    public static RecordedEntry From(TarEntry entry, IReadOnlyList<FileEvidence>? evidence) => new()
    {
        Name = entry.Name, Type = entry.Type, Mode = entry.Mode, Uid = entry.Uid, Gid = entry.Gid, Size = entry.Size,
        LinkTarget = entry.LinkTarget.Length == 0 ? null : entry.LinkTarget, Evidence = evidence is { Count: > 0 } ? [.. evidence] : null,
    };

    public TarEntry ToTarEntry() => new()
    {
        Name = Name, Type = Type, Mode = Mode, Uid = Uid, Gid = Gid, Size = Size, LinkTarget = LinkTarget ?? "",
    };
}
