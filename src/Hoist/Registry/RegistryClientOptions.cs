namespace Hoist.Registry;

/// <summary>How a <see cref="RegistryClient"/> finds credentials, mirrors and insecure registries, retries and
/// timeouts.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Default: docker's config file and helpers, with the <c>HOIST_REGISTRY_AUTH</c> override.</summary>
    public ICredentialProvider? Credentials { get; init; }

    public RegistryConfiguration Configuration { get; init; } = RegistryConfiguration.Empty;

    public RetryPolicy RetryPolicy { get; init; } = RetryPolicy.Default;

    /// <summary>How long a registry may stall (headers, body progress) before an attempt is abandoned.</summary>
    public RegistryTimeouts Timeouts { get; init; } = RegistryTimeouts.Default;

    /// <summary>Told before every wait a registry asked for with Retry-After, so the user sees why nothing moves.</summary>
    public IProgress<RegistryWait>? Waits { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public string UserAgent { get; init; } = "hoist/" + (typeof(RegistryClient).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>The largest manifest accepted (distribution's own limit is 4 MiB).</summary>
    public int MaxManifestBytes { get; init; } = 4 * 1024 * 1024;
}
