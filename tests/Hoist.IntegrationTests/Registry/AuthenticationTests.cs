using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.IntegrationTests.Registry;

/// <summary>Registries behind htpasswd (Basic) and token (Bearer) authentication, and the login/logout commands.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string User = "alice";
    private const string Password = "correct horse";
    private RegistryServer _basic = null!;
    private RegistryServer _token = null!;
    private TokenIssuer _issuer = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-auth-").FullName;

    public async Task InitializeAsync()
    {
        if (RegistryServer.BinaryPath is null) return;
        _basic = await RegistryServer.StartAsync(dir =>
        {
            var htpasswd = Path.Combine(dir, "htpasswd");
            WriteHtpasswd(htpasswd, User, Password);
            return $"htpasswd:\n  realm: hoist-test\n  path: {htpasswd}";
        });
        _issuer = new TokenIssuer(new Dictionary<string, string> { [User] = Password });
        _token = await RegistryServer.StartAsync(_issuer.RegistryAuthSection);
    }

    public async Task DisposeAsync()
    {
        if (_basic is not null) await _basic.DisposeAsync();
        if (_token is not null) await _token.DisposeAsync();
        _issuer?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static void WriteHtpasswd(string path, string user, string password)
    {
        var psi = new ProcessStartInfo("htpasswd") { ArgumentList = { "-B", "-b", "-c", path, user, password }, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("htpasswd (apache2-utils) is required");
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("htpasswd failed: " + process.StandardError.ReadToEnd());
    }

    private static async Task RoundTripAsync(RegistryClient client, string host, string repository)
    {
        var image = TestImage.Create(seed: repository.Length);
        var reference = ImageReference.Parse($"{host}/{repository}:v1");
        await image.PushAsync(client, reference);
        var manifest = await client.GetManifestAsync(reference, null, CancellationToken.None);
        Assert.Equal(image.Manifest, manifest.Bytes);
        using var layer = new MemoryStream();
        await client.DownloadBlobAsync(reference, image.LayerDigest, image.Layer.Length, layer, 0, CancellationToken.None);
        Assert.Equal(image.Layer, layer.ToArray());
    }

    [RegistryFact]
    public async Task Basic_auth_with_the_right_password_pushes_and_pulls()
    {
        using var client = RegistryClients.Create($"{_basic.Host}={User}:{Password}");

        await RoundTripAsync(client, _basic.Host, "basic/app");
    }

    [RegistryFact]
    public async Task Basic_auth_with_a_wrong_password_is_a_clear_unauthorized_error()
    {
        using var client = RegistryClients.Create($"{_basic.Host}={User}:wrong");

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.UploadBlobAsync(ImageReference.Parse($"{_basic.Host}/basic/app"), "x"u8.ToArray(), null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.StartsWith($"registry {_basic.Host}: ", error.Message);
        Assert.Contains("unauthorized", error.Message);
        Assert.DoesNotContain("wrong", error.Message);
    }

    [RegistryFact]
    public async Task Without_credentials_a_protected_registry_refuses()
    {
        using var client = RegistryClients.Create();

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.GetManifestAsync(ImageReference.Parse($"{_basic.Host}/basic/app:v1"), null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [RegistryFact]
    public async Task Bearer_tokens_are_fetched_with_credentials_cached_and_reused()
    {
        using var client = RegistryClients.Create($"{_token.Host}={User}:{Password}");

        await RoundTripAsync(client, _token.Host, "token/app");
        var fetched = client.TokensFetched;
        await RoundTripAsync(client, _token.Host, "token/app");

        // One token per distinct scope set (push, pull), not one per request; the second round trip needs none.
        Assert.InRange(fetched, 1, 4);
        Assert.Equal(fetched, client.TokensFetched);
    }

    [RegistryFact]
    public async Task Bearer_auth_with_a_wrong_password_is_a_clear_error()
    {
        using var client = RegistryClients.Create($"{_token.Host}={User}:nope");

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.GetManifestAsync(ImageReference.Parse($"{_token.Host}/token/app:v1"), null, CancellationToken.None));

        Assert.Contains("unauthorized", error.Message);
        Assert.Contains(User, error.Message);
        Assert.DoesNotContain("nope", error.Message);
    }

    [RegistryFact]
    public async Task An_anonymous_token_without_access_is_refused_by_the_registry()
    {
        using var client = RegistryClients.Create();

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.GetManifestAsync(ImageReference.Parse($"{_token.Host}/token/app:v1"), null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [RegistryFact]
    public async Task Login_checks_the_password_before_storing_it()
    {
        var config = Path.Combine(_dir, "config.json");

        await RegistryLogin.LoginAsync(_token.Host, new RegistryCredential(User, Password), null, config, CancellationToken.None);
        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            RegistryLogin.LoginAsync(_basic.Host, new RegistryCredential(User, "bad"), null, config, CancellationToken.None));

        Assert.Contains("incorrect username or password", error.Message);
        var auths = JsonNode.Parse(File.ReadAllText(config))!["auths"]!.AsObject();
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")), (string?)auths[_token.Host]!["auth"]);
        Assert.False(auths.ContainsKey(_basic.Host));
        using var client = new RegistryClient(new RegistryClientOptions { Credentials = new DockerCredentialStore(config), RetryPolicy = RegistryClients.FastRetries });
        await RoundTripAsync(client, _token.Host, "login/app");
    }

    [RegistryFact]
    public void The_cli_logs_in_and_out_through_docker_config()
    {
        var dockerConfig = Path.Combine(_dir, "cli");
        var environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = dockerConfig, ["HOIST_REGISTRY_AUTH"] = "" };

        var bad = HoistProcess.Run(["login", "-u", User, "--password-stdin", _basic.Host], stdin: "wrong\n", environment: environment);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("error: registry " + _basic.Host, bad.Stderr);
        Assert.DoesNotContain("   at ", bad.Stderr);
        Assert.False(File.Exists(Path.Combine(dockerConfig, "config.json")));

        var good = HoistProcess.Run(["login", "-u", User, "--password-stdin", _basic.Host], stdin: Password + "\n", environment: environment);
        Assert.True(good.ExitCode == 0, good.Stderr);
        Assert.Contains("Login Succeeded", good.Stdout);
        var auth = (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(dockerConfig, "config.json")))!["auths"]![_basic.Host]!["auth"];
        Assert.Equal($"{User}:{Password}", Encoding.UTF8.GetString(Convert.FromBase64String(auth!)));

        var logout = HoistProcess.Run(["logout", _basic.Host], environment: environment);
        Assert.Equal(0, logout.ExitCode);
        Assert.False(JsonNode.Parse(File.ReadAllText(Path.Combine(dockerConfig, "config.json")))!["auths"]!.AsObject().ContainsKey(_basic.Host));
    }

    [RegistryFact]
    public Task Images_push_and_pull_through_basic_auth() => PushAndPullAsync(_basic.Host, "basic/image");

    [RegistryFact]
    public async Task Images_push_and_pull_through_bearer_tokens()
    {
        await PushAndPullAsync(_token.Host, "token/image");

        Assert.True(_issuer.Requests > 0);
    }

    /// <summary>Pushes from one store and pulls into another, each with a client that knows the password.</summary>
    private async Task PushAndPullAsync(string host, string repository)
    {
        var name = $"{host}/{repository}:v1";
        var source = ContentStore.Open(Path.Combine(_dir, repository, "source"));
        var image = await StoreImage.WriteAsync(source, name, seed: 21, [30_000, 2_000]);
        using (var client = RegistryClients.Create($"{host}={User}:{Password}"))
        {
            await new RegistrySink(source, client, ImageReference.Parse(name), null).WriteAsync(await source.ResolveImageAsync(name), CancellationToken.None);
        }
        using (var anonymous = RegistryClients.Create())
        {
            var denied = await Assert.ThrowsAsync<RegistryException>(() => new ImagePuller(ContentStore.Open(Path.Combine(_dir, repository, "denied")),
                anonymous).PullAsync(ImageReference.Parse(name), null, null, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }
        var target = ContentStore.Open(Path.Combine(_dir, repository, "target"));
        using (var client = RegistryClients.Create($"{host}={User}:{Password}"))
        {
            var pulled = await new ImagePuller(target, client).PullAsync(ImageReference.Parse(name), null, null, CancellationToken.None);
            Assert.Equal(image.Id, pulled.Image.Id);
        }
        foreach (var blob in image.Blobs.Append(image.Manifest.Digest))
        {
            Assert.Equal(await source.ReadBytesAsync(blob), await target.ReadBytesAsync(blob));
        }
    }
}
