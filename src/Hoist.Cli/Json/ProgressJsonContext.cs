using System.Text.Json.Serialization;

namespace Hoist.Cli.Json;

/// <summary>Source-generated JSON for <c>--progress rawjson</c>: one compact object per line.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProgressEvent))]
public sealed partial class ProgressJsonContext : JsonSerializerContext;
