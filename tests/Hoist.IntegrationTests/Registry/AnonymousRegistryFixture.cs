namespace Hoist.IntegrationTests.Registry;

/// <summary>One open registry shared by a test class (each test uses its own repositories).</summary>
public sealed class AnonymousRegistryFixture : IAsyncLifetime
{
    private RegistryServer? _server;

    public RegistryServer Server => _server ?? throw new InvalidOperationException("docker-registry is not installed");

    public async Task InitializeAsync()
    {
        if (RegistryServer.BinaryPath is not null) _server = await RegistryServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
