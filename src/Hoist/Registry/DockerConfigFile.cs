using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Registry;

/// <summary>
/// Docker's client configuration file (<c>$DOCKER_CONFIG/config.json</c>, default <c>~/.docker/config.json</c>):
/// <c>auths</c>, <c>credHelpers</c> and <c>credsStore</c>. Writes keep every key we do not understand.
/// </summary>
public sealed class DockerConfigFile
{
    /// <summary>The key docker uses for Docker Hub in <c>auths</c> and when asking credential helpers.</summary>
    public const string DockerHubServer = "https://index.docker.io/v1/";

    private readonly JsonObject _root;

    private DockerConfigFile(string path, JsonObject root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    /// <summary>The default location: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.</summary>
    public static string DefaultPath
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
            if (string.IsNullOrEmpty(dir))
            {
                dir = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
            }
            return System.IO.Path.Combine(dir, "config.json");
        }
    }

    /// <summary>Reads the file; a missing file is an empty configuration.</summary>
    public static DockerConfigFile Load(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path)) return new DockerConfigFile(path, []);
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
            return new DockerConfigFile(path, node as JsonObject ?? throw new HoistException($"{path}: expected a JSON object"));
        }
        catch (JsonException e)
        {
            throw new HoistException($"{path}: invalid JSON: {e.Message}", e);
        }
    }

    public string? CredsStore => _root["credsStore"]?.GetValueKind() == JsonValueKind.String ? (string?)_root["credsStore"] : null;

    /// <summary>The credential helper configured for one server key, if any.</summary>
    public string? CredentialHelperFor(string serverKey) =>
        _root["credHelpers"] is JsonObject helpers && helpers[serverKey] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? (string?)value
            : null;

    /// <summary>The <c>auths</c> entry for one server key: base64 <c>auth</c>, or <c>username</c>/<c>password</c>.</summary>
    public RegistryCredential? AuthFor(string serverKey)
    {
        if (_root["auths"] is not JsonObject auths) return null;
        foreach (var (key, value) in auths)
        {
            if (value is not JsonObject entry || NormaliseServerKey(key) != NormaliseServerKey(serverKey)) continue;
            if (entry["auth"] is JsonValue auth && auth.GetValueKind() == JsonValueKind.String && ((string?)auth)?.Length > 0)
            {
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String((string)auth!));
                }
                catch (FormatException)
                {
                    throw new HoistException($"{Path}: auths.{key}.auth is not valid base64");
                }
                var colon = decoded.IndexOf(':');
                if (colon < 0) throw new HoistException($"{Path}: auths.{key}.auth is not base64 of user:password");
                return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
            }
            var username = entry["username"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? (string?)u : null;
            var password = entry["password"] is JsonValue p && p.GetValueKind() == JsonValueKind.String ? (string?)p : null;
            if (username is not null && password is not null) return new RegistryCredential(username, password);
        }
        return null;
    }

    /// <summary>Records credentials as docker login does (<c>auths.&lt;server&gt;.auth</c> = base64 user:password).</summary>
    public void SetAuth(string serverKey, RegistryCredential credential)
    {
        RemoveAuth(serverKey);
        if (_root["auths"] is not JsonObject auths)
        {
            auths = [];
            _root["auths"] = auths;
        }
        auths[serverKey] = new JsonObject { ["auth"] = credential.ToBasicParameter() };
    }

    /// <summary>Forgets the credentials for a server; true when there were some.</summary>
    public bool RemoveAuth(string serverKey)
    {
        if (_root["auths"] is not JsonObject auths) return false;
        var keys = auths.Where(pair => NormaliseServerKey(pair.Key) == NormaliseServerKey(serverKey)).Select(pair => pair.Key).ToList();
        foreach (var key in keys) auths.Remove(key);
        return keys.Count > 0;
    }

    /// <summary>Writes the file atomically and durably, readable by the owner only.</summary>
    public Task SaveAsync(CancellationToken cancellationToken)
    {
        var text = _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var options = new AtomicWriteOptions
        {
            Durable = true,
            CreateParent = true,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        return AtomicFile.WriteAsync(Path, stream => stream.WriteAsync(Encoding.UTF8.GetBytes(text + "\n"), cancellationToken).AsTask(), options);
    }

    /// <summary>
    /// The key docker stores a registry under: Docker Hub's legacy URL for docker.io, otherwise the host itself.
    /// </summary>
    public static string ServerKeyFor(string registry) =>
        registry is ImageReference.DockerHub or "index.docker.io" or ImageReference.DockerHubApiHost ? DockerHubServer : registry;

    /// <summary>Keys may be written as URLs (<c>https://host/v1/</c>); compare them by host the way docker does.</summary>
    internal static string NormaliseServerKey(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOf('/');
        if (slash >= 0) host = host[..slash];
        host = host.ToLowerInvariant();
        return host is "index.docker.io" or ImageReference.DockerHubApiHost ? ImageReference.DockerHub : host;
    }
}
