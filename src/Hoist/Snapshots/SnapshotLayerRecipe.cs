using System.Text.Json.Serialization;

namespace Hoist.Snapshots;

/// <summary>
/// How the tar of a layer kept only as its snapshot directory is made again (<c>snapshots/recipes/sha256/HEX.json</c>):
/// the directory walked as an overlay upper, less the directories the layer never held (a RUN's copied-up parents, a
/// COPY's implied ones), timestamps clamped as when it was built; and, once made, the compressed blob that was kept.
/// </summary>
public sealed record SnapshotLayerRecipe
{
    [JsonPropertyName("sourceDateEpoch")]
    public long? SourceDateEpoch { get; init; }

    [JsonPropertyName("omitted")]
    public IReadOnlyList<string> Omitted { get; init; } = [];

    [JsonPropertyName("compressed")]
    public CompressedLayerBlob? Compressed { get; init; }
}
