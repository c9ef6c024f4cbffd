using System.Text.Json.Serialization;

namespace Hoist.Analysis;

/// <summary>Source-generated JSON for what analysis keeps between runs (layer records: the JSON of their first version, the evidence inside the binary form).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(LayerRecord))]
[JsonSerializable(typeof(IReadOnlyList<FileEvidence>))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;
