using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>
/// An image manifest: OCI (manifest.md) or Docker v2 schema 2, which share this shape and differ in media types.
/// </summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; init; }

    [JsonPropertyName("artifactType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("config")]
    public required Descriptor Config { get; init; }

    [JsonPropertyName("layers")]
    public required IReadOnlyList<Descriptor> Layers { get; init; }

    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public static ImageManifest Parse(ReadOnlySpan<byte> json) => OciJson.Parse(json, OciJsonContext.Default.ImageManifest, "image manifest");

    public byte[] ToJsonBytes() => OciJson.ToBytes(this, OciJsonContext.Default.ImageManifest);
}
