using System.Text.Json.Serialization;

namespace Hoist.Registry;

/// <summary>Just enough of an image index / manifest list to choose a platform's manifest.</summary>
internal sealed record IndexDocument
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public IReadOnlyList<IndexEntry>? Manifests { get; init; }
}
