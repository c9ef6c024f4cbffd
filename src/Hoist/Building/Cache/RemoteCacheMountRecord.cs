using System.Text.Json.Serialization;

namespace Hoist.Building.Cache;

/// <summary>The contents of one <c>RUN --mount=type=cache</c> directory in a remote cache (<c>mounts=true</c>): its
/// directory name under <c>cache-mounts</c> and the layer-format blob (one of the manifest's layers) that holds it.</summary>
public sealed record RemoteCacheMountRecord
{
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }
}
