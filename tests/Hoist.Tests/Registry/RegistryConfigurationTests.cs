using Hoist.Registry;

namespace Hoist.Tests.Registry;

public sealed class RegistryConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-regconf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Mirrors_and_insecure_hosts_load_from_json()
    {
        var path = Path.Combine(_dir, "registries.json");
        File.WriteAllText(path, """
            {
              // comments are allowed
              "mirrors": { "docker.io": ["http://127.0.0.1:5000", "mirror.example"], "index.docker.io": ["http://127.0.0.1:6000/prefix"] },
              "insecure": ["registry.lan:5000", "Plain.Example"],
            }
            """);

        var configuration = RegistryConfiguration.Load(path);

        Assert.Equal(["http://127.0.0.1:5000/", "https://mirror.example/", "http://127.0.0.1:6000/prefix"],
            configuration.MirrorsFor("docker.io").Select(u => u.ToString()));
        Assert.Empty(configuration.MirrorsFor("ghcr.io"));
        Assert.True(configuration.IsInsecure("registry.lan:5000"));
        Assert.False(configuration.IsInsecure("registry.lan:6000"));
        Assert.True(configuration.IsInsecure("plain.example:443"));
        Assert.True(configuration.IsInsecure("127.0.0.1:1234"));
        Assert.True(configuration.IsInsecure("localhost"));
        Assert.False(configuration.IsInsecure("ghcr.io"));
    }

    [Fact]
    public void A_missing_file_is_an_empty_configuration()
    {
        Assert.Same(RegistryConfiguration.Empty, RegistryConfiguration.Load(Path.Combine(_dir, "absent.json")));
    }

    [Theory]
    [InlineData("""{"mirrors":{"docker.io":["ftp://x"]}}""", "invalid mirror")]
    [InlineData("""{"mirrors":""", "invalid registry configuration")]
    public void Bad_files_are_user_errors(string json, string expected)
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<HoistException>(() => RegistryConfiguration.Load(path));

        Assert.Contains(expected, error.Message);
        Assert.Contains(path, error.Message);
    }
}
