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
    public static RegistryClient Create(string? auth = null, RegistryConfiguration? configuration = null) =>
        new(new RegistryClientOptions
        {
            Credentials = new DockerCredentialStore(Path.Combine(Path.GetTempPath(), "hoist-no-docker-config", "config.json"), auth),
            RetryPolicy = FastRetries,
            Configuration = configuration ?? RegistryConfiguration.Empty,
        });
}
