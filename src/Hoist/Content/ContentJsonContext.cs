using System.Text.Json.Serialization;

namespace Hoist.Content;

/// <summary>Source-generated JSON for the store's own files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class ContentJsonContext : JsonSerializerContext;
