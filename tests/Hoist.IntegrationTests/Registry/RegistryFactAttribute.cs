namespace Hoist.IntegrationTests.Registry;

/// <summary>A test that needs Debian's <c>docker-registry</c> (installed by scripts/setup.sh); skipped with a reason when it is absent.</summary>
public sealed class RegistryFactAttribute : FactAttribute
{
    public RegistryFactAttribute()
    {
        if (RegistryServer.BinaryPath is null) Skip = "docker-registry is not installed (scripts/setup.sh installs it)";
    }
}
