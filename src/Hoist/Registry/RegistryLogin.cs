namespace Hoist.Registry;

/// <summary><c>hoist login</c> / <c>hoist logout</c>: verify credentials against the registry, then record or forget them in docker's config file.</summary>
public static class RegistryLogin
{
    /// <summary>Checks the credentials with <c>GET /v2/</c> (Basic or token flow) and only then stores them; returns the file written.</summary>
    public static async Task<string> LoginAsync(string server, RegistryCredential credential, RegistryClientOptions? options,
        string? configPath, CancellationToken cancellationToken)
    {
        var registry = DockerConfigFile.NormaliseServerKey(server);
        if (registry.Length == 0) throw new HoistException("login: a registry host is required");
        if (credential.Username.Length == 0) throw new HoistException("login: a username is required");
        if (credential.Password.Length == 0) throw new HoistException("login: a password is required");
        using (var client = new RegistryClient(options))
        {
            await client.CheckLoginAsync(registry, credential, cancellationToken).ConfigureAwait(false);
        }
        var config = DockerConfigFile.Load(configPath);
        config.SetAuth(DockerConfigFile.ServerKeyFor(registry), credential);
        await config.SaveAsync(cancellationToken).ConfigureAwait(false);
        return config.Path;
    }

    /// <summary>Forgets stored credentials; false when there were none.</summary>
    public static async Task<bool> LogoutAsync(string server, string? configPath, CancellationToken cancellationToken)
    {
        var registry = DockerConfigFile.NormaliseServerKey(server);
        var config = DockerConfigFile.Load(configPath);
        if (!config.RemoveAuth(DockerConfigFile.ServerKeyFor(registry))) return false;
        await config.SaveAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
