using System.Text.Json.Serialization;

namespace Hoist.Building.Cache;

/// <summary>Source-generated JSON for the remote cache's config blob.</summary>
[JsonSerializable(typeof(RemoteCacheConfig))]
internal sealed partial class RemoteCacheJsonContext : JsonSerializerContext;
