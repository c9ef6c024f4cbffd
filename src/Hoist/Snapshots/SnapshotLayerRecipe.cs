using System.Text.Json.Serialization;

namespace Hoist.Snapshots;

/// <summary>
/// How the tar of a layer kept only as its snapshot directory is made again (<c>snapshots/recipes/sha256/HEX.json</c>):
/// the directory walked as an overlay upper, less the directories the layer never held (a RUN's copied-up parents, a
/// COPY's implied ones), timestamps rewritten as when it was built; and, once made, the compressed blob that was kept.
/// A layer rewritten to a SOURCE_DATE_EPOCH at export shares the directory of the layer it was made from
/// (<see cref="Source"/>; its own name is a symbolic link to that directory, see <see cref="ClampedLayers"/>).
/// </summary>
public sealed record SnapshotLayerRecipe
{
    [JsonPropertyName("sourceDateEpoch")]
    public long? SourceDateEpoch { get; init; }

    /// <summary>The times builds wrote (<see cref="Archives.BuildTimeWindows"/> as text); they become the epoch.</summary>
    [JsonPropertyName("buildWindows")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BuildWindows { get; init; }

    /// <summary>The diffID of the layer whose directory this one shares; null when the directory is its own.</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }

    /// <summary>"security.capability" when the layer keeps no other extended attribute (as every layer a build writes now
    /// does, see <see cref="Archives.LayerWriteOptions.OnlyCapabilityXattr"/>); null in a recipe written before, whose
    /// layer kept them all.</summary>
    [JsonPropertyName("xattrs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Xattrs { get; init; }

    /// <summary>A recipe for a layer a build writes now: only the capability attribute kept.</summary>
    public static SnapshotLayerRecipe ForBuild(long? sourceDateEpoch, IReadOnlyList<string> omitted) =>
        new() { SourceDateEpoch = sourceDateEpoch, Omitted = omitted, Xattrs = Archives.LayerWriteOptions.CapabilityXattr };

    [JsonPropertyName("omitted")]
    public IReadOnlyList<string> Omitted { get; init; } = [];

    [JsonPropertyName("compressed")]
    public CompressedLayerBlob? Compressed { get; init; }

    /// <summary>How the directory's times (and extended attributes) are written into the tar. Made from the fields above, so not stored: as a
    /// stored property it only made every reader set up JSON metadata for the layer writer's options (a warm build reads
    /// one recipe per cached snapshot layer).</summary>
    [JsonIgnore]
    public Archives.LayerWriteOptions TimeOptions => new()
    {
        SourceDateEpoch = SourceDateEpoch,
        BuildWindows = Archives.BuildTimeWindows.Parse(BuildWindows) ?? Archives.BuildTimeWindows.None,
        OnlyCapabilityXattr = Xattrs == Archives.LayerWriteOptions.CapabilityXattr,
    };
}
