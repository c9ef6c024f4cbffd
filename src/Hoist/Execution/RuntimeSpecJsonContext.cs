using System.Text.Json.Serialization;

namespace Hoist.Execution;

/// <summary>Source-generated (AOT-safe) JSON for config.json and <c>runc list</c>: camelCase names, absent values left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(RuncListEntry[]))]
internal sealed partial class RuntimeSpecJsonContext : JsonSerializerContext;
