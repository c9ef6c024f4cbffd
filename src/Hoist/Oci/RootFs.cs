using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>The layer diffIDs (digests of the uncompressed tars), base layer first (config.md "rootfs").</summary>
public sealed record RootFs
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "layers";

    [JsonPropertyName("diff_ids")]
    public required IReadOnlyList<Digest> DiffIds { get; init; }
}
