using System.Text.Json.Serialization;

namespace Hoist.Building.Cache;

/// <summary>One cache entry in a remote cache's config blob: its key, history timestamp and, for a layer step, the
/// layer (descriptor fields and diffID); <see cref="LayerDigest"/> is null for a config-only step.</summary>
public sealed record RemoteCacheRecord
{
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    [JsonPropertyName("created")]
    public required DateTimeOffset Created { get; init; }

    [JsonPropertyName("layerMediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LayerMediaType { get; init; }

    [JsonPropertyName("layerDigest")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LayerDigest { get; init; }

    [JsonPropertyName("layerSize")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LayerSize { get; init; }

    [JsonPropertyName("diffID")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DiffId { get; init; }

    /// <summary>When builds wrote the layer's files (see <see cref="Archives.BuildTimeWindows"/>), so a machine that
    /// imports the entry rewrites it to an epoch as the machine that made it would.</summary>
    [JsonPropertyName("buildWindows")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BuildWindows { get; init; }
}
