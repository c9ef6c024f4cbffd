using Hoist.Registry;

namespace Hoist.IntegrationTests.Registry;

/// <summary>Clients for tests: no docker config of the machine, quick retries.</summary>
public static class RegistryClients
{
    public static readonly RetryPolicy FastRetries = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>A client whose only credentials are <paramref name="auth"/> (<c>host=user:password</c>), never ~/.docker.</summary>
    public static RegistryClient Create(string? auth = null, RegistryConfiguration? configuration = null, RegistryTimeouts? timeouts = null,
        IProgress<RegistryWait>? waits = null, RetryPolicy? retries = null) =>
        new(new RegistryClientOptions
        {
            Credentials = new DockerCredentialStore(Path.Combine(Path.GetTempPath(), "hoist-no-docker-config", "config.json"), auth),
            RetryPolicy = retries ?? FastRetries,
            Configuration = configuration ?? RegistryConfiguration.Empty,
            Timeouts = timeouts ?? RegistryTimeouts.Default,
            Waits = waits,
        });

    /// <summary>
    /// Stall timeouts short enough for tests, long enough that a healthy loopback registry on a loaded machine never
    /// trips them: a stalled registry is given up on within two seconds.
    /// </summary>
    public static readonly RegistryTimeouts ShortTimeouts = new()
    {
        ResponseHeaders = TimeSpan.FromSeconds(2),
        Idle = TimeSpan.FromSeconds(2),
    };
}
