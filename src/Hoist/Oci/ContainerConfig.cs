using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>
/// The execution parameters of an image config (<c>config</c> in config.md plus Docker's Healthcheck, OnBuild and
/// Shell). Field names are Docker's capitalised ones. Null means absent: builders should use null, not an empty
/// collection, where Go's <c>omitempty</c> would leave the field out.
/// </summary>
public sealed record ContainerConfig
{
    [JsonPropertyName("User")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? User { get; init; }

    /// <summary><c>port/proto</c> keys; JSON <c>{"80/tcp":{}}</c>.</summary>
    [JsonPropertyName("ExposedPorts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(StringSetAsObjectConverter))]
    public IReadOnlyList<string>? ExposedPorts { get; init; }

    [JsonPropertyName("Env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Mount-point paths; JSON <c>{"/data":{}}</c>.</summary>
    [JsonPropertyName("Volumes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(StringSetAsObjectConverter))]
    public IReadOnlyList<string>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(SortedStringMapConverter))]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("StopSignal")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopSignal { get; init; }

    [JsonPropertyName("ArgsEscaped")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ArgsEscaped { get; init; }

    [JsonPropertyName("Healthcheck")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HealthConfig? Healthcheck { get; init; }

    [JsonPropertyName("OnBuild")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OnBuild { get; init; }

    [JsonPropertyName("Shell")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Shell { get; init; }

    /// <summary>This config as BuildKit writes it after reading it into Go's structs (whose fields are all
    /// <c>omitempty</c>): empty strings, lists and maps are absent. The classic builder and <c>docker import</c> write
    /// <c>"User": ""</c>, <c>"WorkingDir": ""</c>, <c>"Cmd": []</c>…; an image built on such a base has none of them.</summary>
    public ContainerConfig WithoutEmptyFields() => this with
    {
        User = NullIfEmpty(User),
        ExposedPorts = NullIfEmpty(ExposedPorts),
        Env = NullIfEmpty(Env),
        Entrypoint = NullIfEmpty(Entrypoint),
        Cmd = NullIfEmpty(Cmd),
        Volumes = NullIfEmpty(Volumes),
        WorkingDir = NullIfEmpty(WorkingDir),
        Labels = Labels is { Count: 0 } ? null : Labels,
        StopSignal = NullIfEmpty(StopSignal),
        OnBuild = NullIfEmpty(OnBuild),
        Shell = NullIfEmpty(Shell),
    };

    private static string? NullIfEmpty(string? value) => value is "" ? null : value;

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string>? values) => values is { Count: 0 } ? null : values;
}
