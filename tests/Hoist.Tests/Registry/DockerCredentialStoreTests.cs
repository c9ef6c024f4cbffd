using System.Text;
using System.Text.Json.Nodes;
using Hoist.Registry;

namespace Hoist.Tests.Registry;

/// <summary>Credentials are found where docker keeps them: auths, credHelpers, credsStore, and our env override.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DockerCredentialStoreTests : IDisposable
{
    private static readonly string HelperDirectory;

    // An explicit static constructor so PATH is set before any test runs, not when the field is first read.
    static DockerCredentialStoreTests() => HelperDirectory = CreateHelper();
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-creds-").FullName;

    private string ConfigPath => Path.Combine(_dir, "config.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A fake <c>docker-credential-test</c>: it answers for servers containing "known" with a user named after the
    /// server, says "credentials not found" otherwise, and records what it was asked on stdin.
    /// </summary>
    private static string CreateHelper()
    {
        var dir = Directory.CreateTempSubdirectory("hoist-helper-").FullName;
        var script = Path.Combine(dir, "docker-credential-test");
        File.WriteAllText(script, """
            #!/bin/sh
            [ "$1" = get ] || { echo "unsupported $1" >&2; exit 2; }
            read -r server
            printf '%s\n' "$server" >> "$(dirname "$0")/asked.log"
            case "$server" in
              *known*) printf '{"ServerURL":"%s","Username":"user-of-%s","Secret":"s3cret"}\n' "$server" "$server" ;;
              *broken*) echo "helper exploded" >&2; exit 3 ;;
              *) echo "credentials not found in native keychain"; exit 1 ;;
            esac
            """.Replace("\r", ""));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        Environment.SetEnvironmentVariable("PATH", dir + ":" + path);
        return dir;
    }

    private void WriteConfig(string json) => File.WriteAllText(ConfigPath, json);

    private Task<RegistryCredential?> Get(string registry, string? environment = null) =>
        new DockerCredentialStore(ConfigPath, environment).GetAsync(registry, CancellationToken.None);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Auths_entries_are_decoded_from_base64_auth()
    {
        WriteConfig($$$$"""{"auths":{"registry.example:5000":{"auth":"{{{{Base64("alice:pa:ss")}}}}"}}}""");

        var credential = await Get("registry.example:5000");

        Assert.Equal(new RegistryCredential("alice", "pa:ss"), credential);
    }

    [Fact]
    public async Task Auths_entries_may_use_username_and_password_and_url_keys()
    {
        WriteConfig("""{"auths":{"https://registry.example/v1/":{"username":"bob","password":"pw"}}}""");

        Assert.Equal(new RegistryCredential("bob", "pw"), await Get("registry.example"));
        Assert.Null(await Get("other.example"));
    }

    [Fact]
    public async Task Docker_hub_is_found_under_its_legacy_index_url()
    {
        WriteConfig($$$$"""{"auths":{"https://index.docker.io/v1/":{"auth":"{{{{Base64("hubuser:hubpw")}}}}"}}}""");

        Assert.Equal("hubuser", (await Get("docker.io"))?.Username);
        Assert.Equal("hubuser", (await Get("registry-1.docker.io"))?.Username);
    }

    [Fact]
    public async Task A_missing_config_file_means_no_credentials()
    {
        Assert.Null(await Get("registry.example"));
    }

    [Fact]
    public async Task A_cred_helper_for_the_host_is_asked_with_the_server_on_stdin()
    {
        WriteConfig($$$$"""{"credHelpers":{"known.example":"test"},"auths":{"known.example":{"auth":"{{{{Base64("file:file")}}}}"}}}""");

        var credential = await Get("known.example");

        Assert.Equal(new RegistryCredential("user-of-known.example", "s3cret"), credential);
        Assert.Contains("known.example", File.ReadAllLines(Path.Combine(HelperDirectory, "asked.log")));
    }

    [Fact]
    public async Task The_creds_store_is_asked_for_docker_hub_with_the_index_url()
    {
        WriteConfig("""{"credsStore":"test","auths":{"https://index.docker.io/v1/":{}}}""");

        Assert.Null(await Get("docker.io")); // the helper knows only "known" servers
        Assert.Contains("https://index.docker.io/v1/", File.ReadAllLines(Path.Combine(HelperDirectory, "asked.log")));
    }

    [Fact]
    public async Task The_creds_store_answers_before_the_file_and_the_file_is_the_fallback()
    {
        WriteConfig($$$$"""{"credsStore":"test","auths":{"known.example":{"auth":"{{{{Base64("file:a")}}}}"},"plain.example":{"auth":"{{{{Base64("file:b")}}}}"}}}""");

        Assert.Equal("user-of-known.example", (await Get("known.example"))?.Username);
        Assert.Equal(new RegistryCredential("file", "b"), await Get("plain.example"));
    }

    [Fact]
    public async Task A_failing_helper_is_a_clear_error_without_secrets()
    {
        WriteConfig("""{"credHelpers":{"broken.example":"test"}}""");

        var error = await Assert.ThrowsAsync<HoistException>(() => Get("broken.example"));

        Assert.Contains("docker-credential-test", error.Message);
        Assert.Contains("helper exploded", error.Message);
    }

    [Fact]
    public async Task A_missing_helper_is_named_in_the_error()
    {
        WriteConfig("""{"credHelpers":{"x.example":"does-not-exist-anywhere"}}""");

        var error = await Assert.ThrowsAsync<HoistException>(() => Get("x.example"));

        Assert.Contains("docker-credential-does-not-exist-anywhere", error.Message);
    }

    [Fact]
    public async Task The_environment_override_wins_over_everything()
    {
        WriteConfig($$$$"""{"auths":{"a.example":{"auth":"{{{{Base64("file:file")}}}}"}}}""");

        var credential = await Get("a.example", "b.example=x:y, a.example=envuser:env:pw");

        Assert.Equal(new RegistryCredential("envuser", "env:pw"), credential);
        Assert.Equal(new RegistryCredential("x", "y"), await Get("b.example", "b.example=x:y"));
        Assert.Equal("file", (await Get("a.example", "b.example=x:y"))?.Username);
    }

    [Theory]
    [InlineData("novalue")]
    [InlineData("host=userwithoutpassword")]
    [InlineData("=user:pw")]
    public void A_malformed_override_is_rejected(string text)
    {
        Assert.Throws<HoistException>(() => DockerCredentialStore.ParseOverride(text));
    }

    [Fact]
    public async Task Invalid_json_is_a_clear_error_naming_the_file()
    {
        WriteConfig("{ not json");

        var error = await Assert.ThrowsAsync<HoistException>(() => Get("a.example"));

        Assert.Contains(ConfigPath, error.Message);
    }

    [Fact]
    public async Task Saving_writes_docker_format_atomically_and_keeps_unknown_keys()
    {
        WriteConfig("""{"credsStore":"","psFormat":"table {{.ID}}","auths":{"https://old.example/v1/":{"auth":"eDp5"}}}""");
        var config = DockerConfigFile.Load(ConfigPath);

        config.SetAuth("old.example", new RegistryCredential("me", "pw"));
        config.SetAuth(DockerConfigFile.DockerHubServer, new RegistryCredential("hub", "h"));
        await config.SaveAsync(CancellationToken.None);

        var root = JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();
        Assert.Equal("table {{.ID}}", (string?)root["psFormat"]);
        var auths = root["auths"]!.AsObject();
        Assert.Equal(Base64("me:pw"), (string?)auths["old.example"]!["auth"]);
        Assert.False(auths.ContainsKey("https://old.example/v1/"));
        Assert.Equal(Base64("hub:h"), (string?)auths["https://index.docker.io/v1/"]!["auth"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        Assert.Single(Directory.GetFiles(_dir)); // no temp file left behind
        Assert.Equal(new RegistryCredential("me", "pw"), await Get("old.example"));
    }

    [Fact]
    public async Task Logout_removes_only_that_registry()
    {
        WriteConfig($$$$"""{"auths":{"a.example":{"auth":"{{{{Base64("a:a")}}}}"},"b.example":{"auth":"{{{{Base64("b:b")}}}}"}}}""");

        Assert.True(await RegistryLogin.LogoutAsync("a.example", ConfigPath, CancellationToken.None));
        Assert.False(await RegistryLogin.LogoutAsync("a.example", ConfigPath, CancellationToken.None));

        Assert.Null(await Get("a.example"));
        Assert.Equal("b", (await Get("b.example"))?.Username);
    }

    [Fact]
    public void The_password_never_appears_in_text()
    {
        Assert.DoesNotContain("hunter2", new RegistryCredential("u", "hunter2").ToString());
    }
}
