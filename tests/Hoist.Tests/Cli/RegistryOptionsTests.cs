using System.CommandLine;
using Hoist.Cli;

namespace Hoist.Tests.Cli;

public sealed class RegistryOptionsTests
{
    private static ParseResult Parse(params string[] args)
    {
        var command = new RootCommand();
        RegistryOptions.AddTo(command);
        return command.Parse(args);
    }

    [Fact]
    public void Mirrors_and_insecure_registries_come_from_the_command_line()
    {
        var configuration = RegistryOptions.Configuration(Parse(
            "--registry-mirror", "docker.io=http://127.0.0.1:5000", "--registry-mirror", "docker.io=https://mirror.test",
            "--insecure-registry", "registry.lan:5000"));

        Assert.Equal([new Uri("http://127.0.0.1:5000"), new Uri("https://mirror.test")], configuration.MirrorsFor("docker.io"));
        Assert.True(configuration.IsInsecure("registry.lan:5000"));
        Assert.False(configuration.IsInsecure("registry.other:5000"));
    }

    [Theory]
    [InlineData("docker.io")]
    [InlineData("=http://127.0.0.1:5000")]
    [InlineData("docker.io=ftp://mirror.test")]
    [InlineData("docker.io=not a url")]
    public void A_malformed_mirror_is_a_user_error(string mirror)
    {
        var error = Assert.Throws<HoistException>(() => RegistryOptions.Configuration(Parse("--registry-mirror", mirror)));

        Assert.Contains("--registry-mirror", error.Message);
    }

    [Fact]
    public void Pull_and_push_accept_the_registry_options()
    {
        using var root = new Hoist.Tests.Content.TestStore();

        var pull = CliRun.WithRoot(root.Root, "pull", "--registry-mirror", "bad", "busybox");
        var push = CliRun.WithRoot(root.Root, "push", "--insecure-registry", "x", "missing:v1");

        Assert.Equal(1, pull.ExitCode);
        Assert.Contains("invalid --registry-mirror \"bad\"", pull.Error);
        Assert.Equal(1, push.ExitCode);
        Assert.Contains("image \"missing:v1\" not found", push.Error);
    }
}
