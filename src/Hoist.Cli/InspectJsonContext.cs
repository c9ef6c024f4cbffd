using System.Text.Json.Serialization;

namespace Hoist.Cli;

/// <summary>Source-generated JSON for command output.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, IndentSize = 4)]
[JsonSerializable(typeof(List<ImageInspectView>))]
public sealed partial class InspectJsonContext : JsonSerializerContext;
