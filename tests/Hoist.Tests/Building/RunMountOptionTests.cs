using Hoist.Building.Context;
using Hoist.Building.Engine;
using Hoist.Dispatch;

namespace Hoist.Tests.Building;

/// <summary>How --secret, --ssh and RUN --mount values turn into what a RUN sees.</summary>
public sealed class RunMountOptionTests
{
    [Theory]
    [InlineData("id=npm,src=/tmp/npmrc", "npm", "/tmp/npmrc", null)]
    [InlineData("id=npm,source=/tmp/npmrc", "npm", "/tmp/npmrc", null)]
    [InlineData("src=/run/keys/token", "token", "/run/keys/token", null)]
    [InlineData("id=KEY,env=API_KEY", "KEY", null, "API_KEY")]
    [InlineData("id=GITHUB_TOKEN", "GITHUB_TOKEN", null, "GITHUB_TOKEN")]
    [InlineData("id=tok,type=file", "tok", "tok", null)]
    [InlineData("type=env,id=A,src=B", "A", null, "B")]
    public void A_secret_flag_parses_as_buildx_does(string text, string id, string? file, string? env)
    {
        var secret = BuildSecret.Parse(text);
        Assert.Equal(id, secret.Id);
        Assert.Equal(file, secret.FilePath);
        Assert.Equal(env, secret.EnvironmentVariable);
    }

    [Theory]
    [InlineData("src", "field \"src\" must be key=value")]
    [InlineData("id=a,colour=red", "unexpected key \"colour\"")]
    [InlineData("id=a,type=socket", "unsupported type \"socket\"")]
    [InlineData("type=file", "id is required")]
    public void A_bad_secret_flag_is_a_one_line_error(string text, string message)
    {
        var error = Assert.Throws<HoistException>(() => BuildSecret.Parse(text));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_secret_is_read_from_its_file_or_variable_and_a_missing_one_names_itself()
    {
        using var tree = new TempTree().File("token", "from-file");
        Assert.Equal("from-file"u8.ToArray(), new BuildSecret { Id = "t", FilePath = tree.PathOf("token") }.ReadValue());
        var variable = "HOIST_UNIT_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "from-env");
        try
        {
            Assert.Equal("from-env"u8.ToArray(), new BuildSecret { Id = "e", EnvironmentVariable = variable }.ReadValue());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        var missing = Assert.Throws<HoistException>(() => new BuildSecret { Id = "gone", EnvironmentVariable = variable }.ReadValue());
        Assert.Equal($"secret gone: environment variable {variable} is not set", missing.Message);
        var unreadable = Assert.Throws<HoistException>(() => new BuildSecret { Id = "f", FilePath = tree.PathOf("nope") }.ReadValue());
        Assert.StartsWith("secret f: cannot read ", unreadable.Message);
    }

    [Fact]
    public void An_ssh_flag_needs_a_socket_not_a_key_file()
    {
        using var tree = new TempTree().File("id_ed25519", "key");
        var socketPath = tree.PathOf("agent.sock");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        Assert.Equal(new SshAgentSocket("default", socketPath), SshAgentSocket.Parse("default=" + socketPath));
        Assert.Contains("key files are not supported", Assert.Throws<HoistException>(() => SshAgentSocket.Parse("k=" + tree.PathOf("id_ed25519"))).Message);
        Assert.Contains("does not exist", Assert.Throws<HoistException>(() => SshAgentSocket.Parse("k=" + tree.PathOf("none"))).Message);
        Assert.Contains("id is required", Assert.Throws<HoistException>(() => SshAgentSocket.Parse("=" + socketPath)).Message);
    }

    [Theory]
    [InlineData("/cache", "/work", "/cache")]
    [InlineData("cache", "/work", "/work/cache")]
    [InlineData("./a/../b/", "/work", "/work/b")]
    [InlineData("x", "/", "/x")]
    public void A_relative_mount_target_is_relative_to_the_workdir(string target, string workdir, string expected) =>
        Assert.Equal(expected, MountSpecs.Target(target, workdir));

    [Theory]
    [InlineData(null, 0b100_000_000, 0b100_000_000)]
    [InlineData("0440", 0, 0b100_100_000)]
    [InlineData("755", 0, 0b111_101_101)]
    public void A_mount_mode_is_octal_with_a_default(string? mode, int fallback, int expected) =>
        Assert.Equal(expected, MountSpecs.Mode(mode, fallback));

    [Fact]
    public void Ignored_context_files_are_removed_from_a_bind_copy_exceptions_kept()
    {
        using var tree = new TempTree().File("keep.txt").File("secret.env").File("logs/a.log").File("logs/keep.log").File("sub/x.env");
        var ignore = PathPatternSet.Parse(["*.env", "logs", "!logs/keep.log"]);
        TreeCopy.RemoveIgnored(tree.Root, ignore, "");
        var left = Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tree.Root, f)).Order(StringComparer.Ordinal);
        Assert.Equal(["keep.txt", "logs/keep.log", "sub/x.env"], left);

        using var sub = new TempTree().File("a.env").File("b.txt");
        TreeCopy.RemoveIgnored(sub.Root, PathPatternSet.Parse(["dir/*.env"]), "dir");
        Assert.Equal(["b.txt"], Directory.EnumerateFiles(sub.Root).Select(Path.GetFileName));
    }
}
