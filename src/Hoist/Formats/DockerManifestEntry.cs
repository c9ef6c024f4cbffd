using System.Text.Json.Serialization;

namespace Hoist.Formats;

/// <summary>One image in a docker-archive's <c>manifest.json</c>: paths inside the archive, and its names.</summary>
public sealed record DockerManifestEntry
{
    [JsonPropertyName("Config")]
    public required string Config { get; init; }

    [JsonPropertyName("RepoTags")]
    public IReadOnlyList<string>? RepoTags { get; init; }

    [JsonPropertyName("Layers")]
    public required IReadOnlyList<string> Layers { get; init; }
}
