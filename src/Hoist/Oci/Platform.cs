using System.Runtime.InteropServices;
using CpuArchitecture = System.Runtime.InteropServices.Architecture;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Hoist.Oci;

/// <summary>An OCI platform (image-spec image-index.md "platform"): os/architecture[/variant].</summary>
public sealed partial record Platform
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
        // Normalised as BuildKit's BUILDPLATFORM: arm64 without the v8 variant.
        Variant = RuntimeInformation.OSArchitecture == CpuArchitecture.Arm ? "v7" : null,
    };

    /// <summary>
    /// Parses <c>os/arch[/variant]</c>, e.g. <c>linux/arm/v7</c>, or docker's bare <c>arch</c> (Linux), normalised as
    /// containerd does (<c>linux/aarch64</c> is <c>linux/arm64</c>, <c>linux/arm</c> is <c>linux/arm/v7</c>).
    /// </summary>
    public static Platform Parse(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length == 1 && !string.IsNullOrWhiteSpace(parts[0])) parts = SingleComponent(text, parts[0].ToLowerInvariant());
        if (parts.Length is < 2 or > 3 || !parts.All(IsSpecifier))
        {
            throw new HoistException($"invalid platform \"{text}\": expected os/arch[/variant]");
        }
        return PlatformMatcher.Normalize(new Platform
        {
            Os = parts[0],
            Architecture = parts[1],
            Variant = parts.Length == 3 ? parts[2] : null,
        });
    }

    /// <summary>
    /// Why containerd's <c>platforms.Parse</c> refuses <paramref name="text"/>, in its words (BuildKit prints them after
    /// <c>failed to parse platform EXPR:</c>); call only for a text <see cref="Parse"/> refused.
    /// </summary>
    public static string ContainerdParseError(string text)
    {
        const string invalid = "invalid argument";
        if (text.Contains('*')) return $"\"{text}\": wildcards not yet supported: {invalid}";
        var parts = text.Split('/', 4);
        if (!OsAndVersionPattern().IsMatch(parts[0]))
        {
            return $"\"{parts[0]}\" is an invalid OS component of \"{text}\": OSAndVersion specifier component must match \"{OsAndVersionPattern()}\": {invalid}";
        }
        if (parts.Skip(1).FirstOrDefault(p => !IsSpecifier(p)) is { } bad)
        {
            return $"\"{bad}\" is an invalid component of \"{text}\": platform specifier component must match \"^[A-Za-z0-9_.-]+$\": {invalid}";
        }
        return parts.Length == 1
            ? $"\"{text}\": unknown operating system or architecture: {invalid}"
            : $"\"{text}\": cannot parse platform specifier: {invalid}";
    }

    [GeneratedRegex(@"^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$")]
    private static partial Regex OsAndVersionPattern();

    /// <summary>containerd's specifier pattern <c>^[A-Za-z0-9_.-]+$</c>: a list or a stray space is not a platform.</summary>
    private static bool IsSpecifier(string part) => part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    /// <summary>containerd's reading of one word: an OS on this machine's architecture, or an architecture on Linux.</summary>
    private static string[] SingleComponent(string text, string word)
    {
        if (KnownOperatingSystems.Contains(word)) return [word, Host.Architecture];
        if (KnownArchitectures.Contains(word)) return ["linux", word];
        throw new HoistException($"invalid platform \"{text}\": unknown operating system or architecture");
    }

    private static readonly HashSet<string> KnownOperatingSystems =
        ["aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "linux", "macos", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows"];

    private static readonly HashSet<string> KnownArchitectures =
    [
        "386", "i386", "amd64", "x86_64", "x86-64", "arm", "armhf", "armel", "arm64", "aarch64", "loong64", "mips", "mipsle", "mips64",
        "mips64le", "ppc64", "ppc64le", "riscv64", "s390x", "wasm",
    ];

    /// <summary>Parses docker's comma-separated <c>--platform</c> list, each normalised, duplicates dropped; an empty entry
    /// (<c>linux/amd64,</c>) is refused, as buildx does.</summary>
    public static IReadOnlyList<Platform> ParseList(string text)
    {
        var entries = text.Split(',', StringSplitOptions.TrimEntries);
        if (entries.Any(e => e.Length == 0)) throw new HoistException($"invalid platform list \"{text}\": an empty platform");
        return [.. entries.Select(Parse).Distinct()];
    }

    /// <summary>The name buildx gives a platform's directory in a split local or tar output: <c>linux_arm_v7</c>. Not
    /// part of the OCI platform object.</summary>
    [JsonIgnore]
    public string DirectoryName => ToString().Replace('/', '_');

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
