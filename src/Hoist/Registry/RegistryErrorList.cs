using System.Text.Json.Serialization;

namespace Hoist.Registry;

/// <summary>The distribution API's error body: <c>{"errors":[{"code":…,"message":…}]}</c>.</summary>
internal sealed record RegistryErrorList
{
    [JsonPropertyName("errors")]
    public IReadOnlyList<RegistryError>? Errors { get; init; }
}
