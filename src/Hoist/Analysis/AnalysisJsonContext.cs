using System.Text.Json.Serialization;

namespace Hoist.Analysis;

/// <summary>Source-generated JSON for what analysis keeps between runs (layer records).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(LayerRecord))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;
