using System.Text.Json.Serialization;

namespace Hoist.Formats;

/// <summary>Source-generated JSON for the archive files that are not OCI documents.</summary>
[JsonSerializable(typeof(List<DockerManifestEntry>))]
[JsonSerializable(typeof(SortedDictionary<string, SortedDictionary<string, string>>))]
internal sealed partial class FormatsJsonContext : JsonSerializerContext;
