using System.Runtime.InteropServices;
using CpuArchitecture = System.Runtime.InteropServices.Architecture;
using System.Text.Json.Serialization;

namespace Hoist.Oci;

/// <summary>An OCI platform (image-spec image-index.md "platform"): os/architecture[/variant].</summary>
public sealed record Platform
{
    [JsonPropertyName("architecture")]
    public required string Architecture { get; init; }

    [JsonPropertyName("os")]
    public required string Os { get; init; }

    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OsFeatures { get; init; }

    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    /// <summary>The platform of this machine, in GOOS/GOARCH terms as images use them.</summary>
    public static Platform Host { get; } = new()
    {
        Os = "linux",
        Architecture = RuntimeInformation.OSArchitecture switch
        {
            CpuArchitecture.X64 => "amd64",
            CpuArchitecture.Arm64 => "arm64",
            CpuArchitecture.Arm => "arm",
            CpuArchitecture.X86 => "386",
            CpuArchitecture.S390x => "s390x",
            CpuArchitecture.Ppc64le => "ppc64le",
            CpuArchitecture.RiscV64 => "riscv64",
            CpuArchitecture.LoongArch64 => "loong64",
            var other => other.ToString().ToLowerInvariant(),
        },
        Variant = RuntimeInformation.OSArchitecture == CpuArchitecture.Arm64 ? "v8" : null,
    };

    /// <summary>Parses <c>os/arch[/variant]</c>, e.g. <c>linux/arm/v7</c>.</summary>
    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new HoistException($"invalid platform \"{text}\": expected os/arch[/variant]");
        }
        return new Platform
        {
            Os = parts[0].ToLowerInvariant(),
            Architecture = parts[1].ToLowerInvariant(),
            Variant = parts.Length == 3 ? parts[2].ToLowerInvariant() : null,
        };
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
