using Hoist.Oci;

namespace Hoist.Planning;

/// <summary>
/// ARGs that exist without a declaration. Platform args are in the global scope (usable in FROM) and reach a stage
/// only through <c>ARG NAME</c>. Proxy args reach every RUN from the build args and stay out of the image history
/// and cache key unless the Dockerfile declares them
/// (https://docs.docker.com/reference/dockerfile/#predefined-args).
/// </summary>
public static class PredefinedArgs
{
    public static IReadOnlyList<string> PlatformArgNames { get; } =
    [
        "BUILDPLATFORM", "BUILDOS", "BUILDOSVERSION", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETOSVERSION", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
    ];

    public static IReadOnlyList<string> ProxyArgNames { get; } =
    [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    ];

    /// <summary>The proxies BuildKit passes to RUN, by their upper-case names.</summary>
    public static IReadOnlyList<string> ProxyKinds { get; } = ["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"];

    public static bool IsPlatformArg(string name) => PlatformArgNames.Contains(name, StringComparer.Ordinal);

    /// <summary>True for a proxy arg: passed to RUN without declaration and excluded from history.</summary>
    public static bool IsProxyArg(string name) => ProxyArgNames.Contains(name, StringComparer.Ordinal);

    /// <summary>The platform args' values; build args of the same name override them, as in BuildKit.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> PlatformValues(
        Platform build, Platform target, string targetStage, IReadOnlyDictionary<string, string> buildArgs)
    {
        KeyValuePair<string, string>[] values =
        [
            new("BUILDPLATFORM", build.ToString()),
            new("BUILDOS", build.Os),
            new("BUILDOSVERSION", build.OsVersion ?? ""),
            new("BUILDARCH", build.Architecture),
            new("BUILDVARIANT", build.Variant ?? ""),
            new("TARGETPLATFORM", target.ToString()),
            new("TARGETOS", target.Os),
            new("TARGETOSVERSION", target.OsVersion ?? ""),
            new("TARGETARCH", target.Architecture),
            new("TARGETVARIANT", target.Variant ?? ""),
            new("TARGETSTAGE", targetStage),
        ];
        return [.. values.Select(kv => buildArgs.TryGetValue(kv.Key, out var v) ? new KeyValuePair<string, string>(kv.Key, v) : kv)];
    }
}
