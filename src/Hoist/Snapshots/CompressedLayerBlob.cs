using System.Text.Json.Serialization;
using Hoist.Oci;

namespace Hoist.Snapshots;

/// <summary>The compressed blob made from a snapshot layer the first time an export needed it.</summary>
public sealed record CompressedLayerBlob
{
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; init; }

    [JsonPropertyName("digest")]
    public required string Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Oci.Digest.Parse(Digest), Size = Size };
}
