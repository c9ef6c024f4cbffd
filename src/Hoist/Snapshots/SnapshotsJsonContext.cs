using System.Text.Json.Serialization;

namespace Hoist.Snapshots;

/// <summary>Source-generated JSON for the snapshot store's own files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SnapshotLayerRecipe))]
internal sealed partial class SnapshotsJsonContext : JsonSerializerContext;
