using System.Text.Json.Serialization;

namespace Hoist.Cli.Json;

/// <summary>Source-generated JSON for <c>hoist build --trace FILE</c>.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TraceDocument))]
public sealed partial class TraceJsonContext : JsonSerializerContext;
