using System.Text.Json;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// Registry mirrors and insecure (plain HTTP or unverified TLS) registries. Loaded from
/// <c>$HOIST_REGISTRIES_CONFIG</c>, else <c>/etc/hoist/registries.json</c>:
/// <code>{ "mirrors": { "docker.io": ["http://127.0.0.1:5000"] }, "insecure": ["registry.lan:5000"] }</code>
/// Loopback registries are always insecure, as in docker.
/// </summary>
public sealed record RegistryConfiguration
{
    public const string EnvironmentVariable = "HOIST_REGISTRIES_CONFIG";
    public const string SystemPath = "/etc/hoist/registries.json";

    public static RegistryConfiguration Empty { get; } = new();

    /// <summary>Mirror base URLs per registry (as users name it: <c>docker.io</c>), tried in order before the registry.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Uri>> Mirrors { get; init; } = new Dictionary<string, IReadOnlyList<Uri>>();

    /// <summary>Registries (<c>host</c> or <c>host:port</c>) that may be reached over plain HTTP or with unverified TLS.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? path : SystemPath;

    /// <summary>Reads a configuration file; a missing file is <see cref="Empty"/>.</summary>
    public static RegistryConfiguration Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path)) return Empty;
        RegistryConfigurationFile? file;
        try
        {
            file = JsonSerializer.Deserialize(File.ReadAllBytes(path), RegistryJsonContext.Default.RegistryConfigurationFile);
        }
        catch (JsonException e)
        {
            throw new HoistException($"{path}: invalid registry configuration: {e.Message}", e);
        }
        var configuration = Empty;
        foreach (var (registry, mirrors) in file?.Mirrors ?? [])
        {
            foreach (var mirror in mirrors) configuration = configuration.WithMirror(registry, ParseMirror(path, mirror));
        }
        foreach (var insecure in file?.Insecure ?? []) configuration = configuration.WithInsecure(insecure);
        return configuration;
    }

    public RegistryConfiguration WithMirror(string registry, Uri mirror)
    {
        var key = DockerConfigFile.NormaliseServerKey(registry);
        var mirrors = new Dictionary<string, IReadOnlyList<Uri>>(Mirrors, StringComparer.OrdinalIgnoreCase);
        mirrors[key] = [.. MirrorsFor(key), mirror];
        return this with { Mirrors = mirrors };
    }

    public RegistryConfiguration WithInsecure(string registry) =>
        this with { InsecureRegistries = [.. InsecureRegistries, registry.ToLowerInvariant()] };

    public IReadOnlyList<Uri> MirrorsFor(string registry) =>
        Mirrors.TryGetValue(DockerConfigFile.NormaliseServerKey(registry), out var mirrors) ? mirrors : [];

    /// <summary>Whether <paramref name="registry"/> (<c>host[:port]</c>) may be spoken to without verified TLS.</summary>
    public bool IsInsecure(string registry)
    {
        if (ImageReference.IsLoopbackHost(registry)) return true;
        var lower = registry.ToLowerInvariant();
        var colon = lower.LastIndexOf(':');
        var host = colon > 0 && !lower.EndsWith(']') ? lower[..colon] : lower;
        return InsecureRegistries.Contains(lower) || InsecureRegistries.Contains(host);
    }

    private static Uri ParseMirror(string path, string text)
    {
        if (!Uri.TryCreate(text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
        {
            throw new HoistException($"{path}: invalid mirror URL \"{text}\"");
        }
        return uri;
    }
}
