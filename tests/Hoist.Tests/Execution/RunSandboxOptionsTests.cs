using Hoist.Execution;

namespace Hoist.Tests.Execution;

/// <summary><c>--ulimit</c>, <c>--add-host</c> and <c>--shm-size</c> as docker parses them, and what they put in a RUN's spec.</summary>
public sealed class RunSandboxOptionsTests
{
    [Theory]
    [InlineData("nofile=1024", "RLIMIT_NOFILE", 1024ul, 1024ul)]
    [InlineData("nofile=1024:2048", "RLIMIT_NOFILE", 1024ul, 2048ul)]
    [InlineData("nproc=-1", "RLIMIT_NPROC", ulong.MaxValue, ulong.MaxValue)]
    [InlineData("core=0:-1", "RLIMIT_CORE", 0ul, ulong.MaxValue)]
    public void A_ulimit_is_docker_type_soft_and_hard(string text, string type, ulong soft, ulong hard)
    {
        Assert.Equal(new RuntimeRlimit(type, hard, soft), UlimitOption.Parse(text));
    }

    [Theory]
    [InlineData("nofile", "--ulimit: invalid ulimit argument: nofile (expected TYPE=SOFT[:HARD])")]
    [InlineData("files=1", "--ulimit: invalid ulimit type: files (one of core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)")]
    [InlineData("nofile=1:2:3", "--ulimit: too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`")]
    [InlineData("nofile=20:10", "--ulimit: ulimit soft limit must be less than or equal to hard limit: 20 > 10")]
    [InlineData("nofile=many", "--ulimit nofile=many: \"many\" is not a number")]
    public void A_bad_ulimit_is_one_line_naming_it(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<HoistException>(() => UlimitOption.Parse(text)).Message);
    }

    [Theory]
    [InlineData("db:10.0.0.5", "db", "10.0.0.5")]
    [InlineData("db=10.0.0.5", "db", "10.0.0.5")]
    [InlineData("v6:::1", "v6", "::1")]
    [InlineData("v6=[2001:db8::1]", "v6", "2001:db8::1")]
    public void An_added_host_is_a_name_and_an_address(string text, string host, string address)
    {
        Assert.Equal(new KeyValuePair<string, string>(host, address), AddHostOption.Parse(text, NetworkMode.Sandbox));
    }

    [Theory]
    [InlineData("nohost", "--add-host: bad format for add-host: \"nohost\" (expected HOST:IP)")]
    [InlineData(":1.2.3.4", "--add-host: bad format for add-host: \":1.2.3.4\" (expected HOST:IP)")]
    [InlineData("db:300.1.1.1", "--add-host: invalid IP address in add-host: \"300.1.1.1\"")]
    public void A_bad_added_host_is_one_line_naming_it(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<HoistException>(() => AddHostOption.Parse(text, NetworkMode.Sandbox)).Message);
    }

    [Fact]
    public void Host_gateway_is_loopback_on_the_host_network_and_refused_in_the_sandbox()
    {
        Assert.Equal("127.0.0.1", AddHostOption.Parse("gw:host-gateway", NetworkMode.Host).Value);
        var error = Assert.Throws<HoistException>(() => AddHostOption.Parse("gw:host-gateway", NetworkMode.Sandbox));
        Assert.Contains("host-gateway needs --network host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nofile_ulimit_replaces_the_builders_own_limit_and_others_follow()
    {
        var spec = RuntimeSpecBuilder.Build(new ContainerSpecOptions
        {
            RootPath = "/r", Args = ["true"], Network = NetworkMode.Host,
            OpenFilesLimit = new RuntimeRlimit("RLIMIT_NOFILE", 4096, 1024),
            Rlimits = [new RuntimeRlimit("RLIMIT_NOFILE", 200, 100), new RuntimeRlimit("RLIMIT_NPROC", 50, 50)],
        });

        Assert.Equal([new RuntimeRlimit("RLIMIT_NOFILE", 200, 100), new RuntimeRlimit("RLIMIT_NPROC", 50, 50)], spec.Process.Rlimits);
    }

    [Fact]
    public void Shm_size_sets_the_dev_shm_tmpfs_in_kibibytes()
    {
        var spec = RuntimeSpecBuilder.Build(new ContainerSpecOptions { RootPath = "/r", Args = ["true"], Network = NetworkMode.Host, ShmSize = 128L << 20 });

        Assert.Contains("size=131072k", spec.Mounts.Single(m => m.Destination == "/dev/shm").Options);
    }

    [Fact]
    public void Default_settings_add_nothing_to_a_run_key_and_any_setting_does()
    {
        Assert.Equal("", RunSandboxOptions.Default.KeyText);
        Assert.NotEqual("", new RunSandboxOptions { ShmSize = 1 }.KeyText);
        Assert.NotEqual(new RunSandboxOptions { ExtraHosts = [new("a", "1.1.1.1")] }.KeyText,
            new RunSandboxOptions { ExtraHosts = [new("a", "1.1.1.2")] }.KeyText);
    }
}
