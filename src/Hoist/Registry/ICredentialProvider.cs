namespace Hoist.Registry;

/// <summary>Finds the credentials for a registry host (as users name it, e.g. <c>docker.io</c> or <c>host:5000</c>).</summary>
public interface ICredentialProvider
{
    Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken);
}
