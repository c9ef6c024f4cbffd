using Hoist.Posix;

namespace Hoist.Registry;

/// <summary>
/// Credentials as docker finds them, first match wins: the <c>HOIST_REGISTRY_AUTH</c> environment variable
/// (<c>host=user:password[,host2=user2:password2]</c>), then <c>credHelpers</c>, then <c>credsStore</c>, then
/// <c>auths</c> in the docker config file (<c>$DOCKER_CONFIG/config.json</c>). The file is read on each lookup so a login in another shell is seen.
/// </summary>
public sealed class DockerCredentialStore(string? configPath = null, string? environmentOverride = null) : ICredentialProvider
{
    public const string EnvironmentVariable = "HOIST_REGISTRY_AUTH";

    /// <summary>The store docker would use: <c>DOCKER_CONFIG</c> honoured, <c>HOIST_REGISTRY_AUTH</c> read from the environment.</summary>
    public static DockerCredentialStore FromEnvironment() =>
        new(null, Environment.GetEnvironmentVariable(EnvironmentVariable));

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        var host = DockerConfigFile.NormaliseServerKey(registry);
        if (environmentOverride is not null && ParseOverride(environmentOverride).TryGetValue(host, out var fromEnvironment))
        {
            return fromEnvironment;
        }
        var config = DockerConfigFile.Load(configPath);
        var serverKey = DockerConfigFile.ServerKeyFor(host);
        var helper = config.CredentialHelperFor(serverKey) ?? config.CredentialHelperFor(host);
        if (helper is not null) return await CredentialHelper.GetAsync(helper, serverKey, cancellationToken).ConfigureAwait(false);
        // As in docker, a credsStore replaces the file's auths; they are only a fallback when the store has nothing.
        if (config.CredsStore is { Length: > 0 } store
            && await CredentialHelper.GetAsync(store, serverKey, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }
        return config.AuthFor(serverKey);
    }

    /// <summary>Parses <c>host=user:password,host2=user2:password2</c>; a password may contain ':' but not ','.</summary>
    public static IReadOnlyDictionary<string, RegistryCredential> ParseOverride(string text)
    {
        var result = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in SpecFields.Split(text, trim: true).Where(i => i.Length > 0))
        {
            var (key, value) = SpecFields.ParseField(item);
            var colon = value?.IndexOf(':') ?? -1;
            if (key.Length == 0 || colon < 0)
            {
                throw new HoistException($"{EnvironmentVariable}: expected host=user:password, got an entry for \"{(key.Length > 0 && value is not null ? key : "?")}\"");
            }
            result[DockerConfigFile.NormaliseServerKey(key)] = new RegistryCredential(value![..colon], value[(colon + 1)..]);
        }
        return result;
    }
}
