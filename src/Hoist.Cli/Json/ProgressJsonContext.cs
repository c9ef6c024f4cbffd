using System.Text.Json.Serialization;

namespace Hoist.Cli.Json;

/// <summary>Source-generated JSON for a build's progress: <c>--progress rawjson</c> (one compact object per line) and
/// <c>--trace FILE</c> (Chrome's trace format).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProgressEvent))]
[JsonSerializable(typeof(TraceDocument))]
public sealed partial class ProgressJsonContext : JsonSerializerContext;
