using Hoist.Execution;

namespace Hoist.Tests.Execution;

public sealed class SandboxFilesTests
{
    [Fact]
    public void Hosts_names_localhost_and_the_sandbox_then_extra_hosts()
    {
        var hosts = SandboxFiles.Hosts("buildkitsandbox", [new("registry.local", "127.0.0.2")]);

        Assert.Equal("127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.0.2\tregistry.local\n", hosts);
    }

    [Fact]
    public void Host_networking_keeps_the_hosts_resolv_conf_whole()
    {
        const string host = "nameserver 127.0.0.53\noptions edns0\nsearch example.com\n";

        Assert.Equal(host, SandboxFiles.ResolvConf(host, NetworkMode.Host));
    }

    [Fact]
    public void Own_network_drops_loopback_nameservers_and_keeps_others()
    {
        const string host = "nameserver 127.0.0.53\nnameserver ::1\nnameserver 192.0.2.1\nsearch example.com\n";

        Assert.Equal("nameserver 192.0.2.1\nsearch example.com\n", SandboxFiles.ResolvConf(host, NetworkMode.None));
    }

    [Fact]
    public void Own_network_without_nameservers_gets_the_public_defaults()
    {
        var text = SandboxFiles.ResolvConf("nameserver 127.0.0.53\nsearch lan\n", NetworkMode.None);

        Assert.Equal("search lan\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n", text);
    }

    [Fact]
    public void The_sandbox_network_asks_the_network_stacks_dns_forwarder()
    {
        const string host = "nameserver 127.0.0.53\nnameserver 192.0.2.1\nsearch example.com\noptions edns0\n";

        Assert.Equal("search example.com\noptions edns0\nnameserver 169.254.1.1\n",
            SandboxFiles.ResolvConf(host, NetworkMode.Sandbox, "169.254.1.1"));
    }
}
