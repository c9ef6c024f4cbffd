using System.Text.Json.Serialization;

namespace Hoist.Registry;

/// <summary>The JSON form of <see cref="RegistryConfiguration"/>.</summary>
internal sealed record RegistryConfigurationFile
{
    [JsonPropertyName("mirrors")]
    public Dictionary<string, List<string>>? Mirrors { get; init; }

    [JsonPropertyName("insecure")]
    public List<string>? Insecure { get; init; }
}
