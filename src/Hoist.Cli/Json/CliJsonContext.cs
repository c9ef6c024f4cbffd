using System.Text.Json.Serialization;

namespace Hoist.Cli.Json;

/// <summary>Source-generated (AOT-safe) JSON for the CLI's machine-readable output.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutlineDocument))]
[JsonSerializable(typeof(TargetsDocument))]
public sealed partial class CliJsonContext : JsonSerializerContext;
