using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>
/// Docker's HEALTHCHECK settings. Durations are integer nanoseconds on the wire; zero means "inherit the default".
/// Test: empty inherits, <c>["NONE"]</c> disables, <c>["CMD", …]</c> or <c>["CMD-SHELL", command]</c> runs.
/// </summary>
public sealed record HealthConfig
{
    [JsonPropertyName("Test")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Test { get; init; }

    [JsonPropertyName("Interval")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Interval { get; init; }

    [JsonPropertyName("Timeout")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Timeout { get; init; }

    [JsonPropertyName("StartPeriod")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StartPeriod { get; init; }

    [JsonPropertyName("StartInterval")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StartInterval { get; init; }

    [JsonPropertyName("Retries")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Retries { get; init; }
}
