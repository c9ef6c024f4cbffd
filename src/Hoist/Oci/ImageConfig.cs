using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>
/// An image configuration (OCI image-spec config.md, with Docker's extensions). Property order is alphabetical, as
/// BuildKit writes it. Stored configs are kept as received; this record is for reading and for writing new ones.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("author")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ContainerConfig? Config { get; init; }

    [JsonPropertyName("created")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(TimestampJsonConverter))]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("history")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HistoryEntry>? History { get; init; }

    [JsonPropertyName("os")]
    public required string Os { get; init; }

    [JsonPropertyName("os.features")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OsVersion { get; init; }

    [JsonPropertyName("rootfs")]
    public required RootFs RootFs { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    /// <summary>The platform this config declares.</summary>
    [JsonIgnore]
    public Platform Platform => new() { Os = Os, Architecture = Architecture, Variant = Variant, OsVersion = OsVersion, OsFeatures = OsFeatures };

    public static ImageConfig Parse(ReadOnlySpan<byte> json) => OciJson.Parse(json, OciJsonContext.Default.ImageConfig, "image config");

    public byte[] ToJsonBytes() => OciJson.ToBytes(this, OciJsonContext.Default.ImageConfig);
}
