using System.Text.Json.Serialization;
using Hoist.Oci;

namespace Hoist.Registry;

internal sealed record IndexEntry
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("platform")]
    public Platform? Platform { get; init; }
}
