using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>An image index: OCI (image-index.md) or Docker manifest list, which share this shape.</summary>
public sealed record ImageIndex
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("manifests")]
    public required IReadOnlyList<Descriptor> Manifests { get; init; }

    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public static ImageIndex Parse(ReadOnlySpan<byte> json) => OciJson.Parse(json, OciJsonContext.Default.ImageIndex, "image index");

    public byte[] ToJsonBytes() => OciJson.ToBytes(this, OciJsonContext.Default.ImageIndex);
}
