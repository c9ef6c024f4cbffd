using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Hoist.IntegrationTests.Registry;

/// <summary>
/// A token server for distribution's token authentication, on 127.0.0.1: checks Basic credentials against a user
/// table and issues RS256 JWTs whose header carries the signing certificate (x5c); the registry trusts that
/// self-signed certificate through its <c>rootcertbundle</c>. Authenticated users get every action they ask for;
/// anonymous callers get a token with no access.
/// </summary>
public sealed class TokenIssuer : IDisposable
{
    public const string Service = "hoist-test-registry";
    public const string Issuer = "hoist-test-issuer";

    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly IReadOnlyDictionary<string, string> _users;
    private readonly Task _loop;
    private int _requests;

    public TokenIssuer(IReadOnlyDictionary<string, string> users, int expiresInSeconds = 300)
    {
        _users = users;
        ExpiresIn = expiresInSeconds;
        var request = new CertificateRequest("CN=hoist test token issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        Port = RegistryServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public int ExpiresIn { get; }

    public string Realm => $"http://127.0.0.1:{Port}/token";

    /// <summary>How many token requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The registry's <c>auth:</c> section; writes the root certificate bundle into <paramref name="dir"/>.</summary>
    public string RegistryAuthSection(string dir)
    {
        var bundle = Path.Combine(dir, "token-root.pem");
        File.WriteAllText(bundle, _certificate.ExportCertificatePem() + "\n");
        return $"""
            token:
              realm: {Realm}
              service: {Service}
              issuer: {Issuer}
              rootcertbundle: {bundle}
            """;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener was closed under the loop: that is how it ends
        }
        _certificate.Dispose();
        _key.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            try
            {
                Answer(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var subject = "";
        var header = context.Request.Headers["Authorization"];
        if (header is not null)
        {
            if (!header.StartsWith("Basic ", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 401;
                return;
            }
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            var colon = decoded.IndexOf(':');
            var user = decoded[..colon];
            if (!_users.TryGetValue(user, out var password) || password != decoded[(colon + 1)..])
            {
                context.Response.StatusCode = 401;
                return;
            }
            subject = user;
        }
        if (context.Request.QueryString["service"] != Service)
        {
            context.Response.StatusCode = 400;
            return;
        }
        var access = new JsonArray();
        if (subject.Length > 0)
        {
            foreach (var scope in context.Request.QueryString.GetValues("scope") ?? [])
            {
                var first = scope.IndexOf(':');
                var last = scope.LastIndexOf(':');
                if (first < 0 || last <= first) continue;
                var actions = new JsonArray();
                foreach (var action in scope[(last + 1)..].Split(',')) actions.Add(action);
                access.Add(new JsonObject { ["type"] = scope[..first], ["name"] = scope[(first + 1)..last], ["actions"] = actions });
            }
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + ExpiresIn,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var jwtHeader = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(jwtHeader.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = signingInput + "." + Base64Url(signature);
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["token"] = token, ["expires_in"] = ExpiresIn }.ToJsonString());
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(body);
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
