using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hoist.Oci;

namespace Hoist.Building.Cache;

/// <summary>
/// The config blob of a remote cache manifest (media type <see cref="MediaType"/>): the cache entries it carries. The
/// manifest's layers are the layer blobs those entries point at.
/// </summary>
public sealed record RemoteCacheConfig
{
    public const string MediaType = "application/vnd.hoist.cache.config.v1+json";

    private static readonly RemoteCacheJsonContext Relaxed = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 1;

    [JsonPropertyName("entries")]
    public required IReadOnlyList<RemoteCacheRecord> Entries { get; init; }

    /// <summary>Cache mount contents (<c>mounts=true</c>); absent otherwise, so such caches keep their bytes.</summary>
    [JsonPropertyName("mounts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RemoteCacheMountRecord>? Mounts { get; init; }

    /// <summary>The config for <paramref name="entries"/>, sorted by key so the same entries give the same bytes.</summary>
    public static RemoteCacheConfig From(IEnumerable<CacheEntry> entries) => new()
    {
        Entries = [.. entries.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).Select(e => new RemoteCacheRecord
        {
            Key = e.Key.ToString(),
            Created = e.Created.ToUniversalTime(),
            LayerMediaType = e.Layer?.Blob.MediaType,
            LayerDigest = e.Layer?.Blob.Digest.ToString(),
            LayerSize = e.Layer?.Blob.Size,
            DiffId = e.Layer?.DiffId.ToString(),
            BuildWindows = e.Windows.IsEmpty ? null : e.Windows.ToString(),
        })],
    };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Relaxed.RemoteCacheConfig);

    /// <summary>Parses a config blob; a malformed one is a <see cref="HoistException"/>.</summary>
    public static RemoteCacheConfig Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var config = JsonSerializer.Deserialize(json, RemoteCacheJsonContext.Default.RemoteCacheConfig)
                ?? throw new HoistException("invalid cache config: null");
            if (config.SchemaVersion != 1) throw new HoistException($"unsupported cache config schema version {config.SchemaVersion}");
            return config;
        }
        catch (JsonException e)
        {
            throw new HoistException($"invalid cache config: {e.Message}", e);
        }
    }

    /// <summary>The cache mounts it carries, each checked: a key that is not a cache directory name or an incomplete
    /// blob is refused.</summary>
    public IReadOnlyList<(string Key, Descriptor Blob)> MountBlobs() => [.. (Mounts ?? []).Select(m =>
    {
        if (!CacheMountDirectories.IsKey(m.Key) || !Digest.TryParse(m.Digest, out var digest) || m.Size < 0 || m.MediaType.Length == 0)
        {
            throw new HoistException($"invalid cache config: bad cache mount \"{m.Key}\"");
        }
        return (m.Key, new Descriptor { MediaType = m.MediaType, Digest = digest, Size = m.Size });
    })];

    /// <summary>The entries as the local index holds them.</summary>
    public IReadOnlyList<CacheEntry> ToEntries() => [.. Entries.Select(ToEntry)];

    private static CacheEntry ToEntry(RemoteCacheRecord record)
    {
        if (!Digest.TryParse(record.Key, out var key)) throw new HoistException($"invalid cache config: bad key \"{record.Key}\"");
        ImageLayer? layer = null;
        if (record.LayerDigest is not null)
        {
            if (!Digest.TryParse(record.LayerDigest, out var blob) || !Digest.TryParse(record.DiffId, out var diffId)
                || record.LayerMediaType is null || record.LayerSize is not >= 0)
            {
                throw new HoistException($"invalid cache config: incomplete layer for key {record.Key}");
            }
            layer = new ImageLayer(new Descriptor { MediaType = record.LayerMediaType, Digest = blob, Size = record.LayerSize.Value }, diffId);
        }
        var windows = Archives.BuildTimeWindows.Parse(record.BuildWindows)
            ?? throw new HoistException($"invalid cache config: bad build windows for key {record.Key}");
        return new CacheEntry(key, record.Created, layer) { Windows = windows };
    }
}
