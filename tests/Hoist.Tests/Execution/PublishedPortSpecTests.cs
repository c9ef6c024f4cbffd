using System.Net;
using System.Net.Sockets;
using Hoist.Execution;

namespace Hoist.Tests.Execution;

/// <summary>docker's <c>-p</c> syntax as <see cref="PublishedPortSpec"/> reads it, and the host ports
/// <see cref="PublishedPortAllocator"/> picks.</summary>
public sealed class PublishedPortSpecTests
{
    private static string Read(string spec) => string.Join(" ", PublishedPortSpec.Parse(spec)
        .Select(p => $"{p.HostAddress}/{p.HostPort}{(p.HostPortLast > 0 ? $"-{p.HostPortLast}" : "")}:{p.ContainerPort}/{p.Protocol}"));

    [Theory]
    [InlineData("80", "127.0.0.1/0:80/tcp")]
    [InlineData("8080:80", "127.0.0.1/8080:80/tcp")]
    [InlineData("8080:80/tcp", "127.0.0.1/8080:80/tcp")]
    [InlineData("5353:53/udp", "127.0.0.1/5353:53/udp")]
    [InlineData("5353:53/UDP", "127.0.0.1/5353:53/udp")]
    [InlineData("53/udp", "127.0.0.1/0:53/udp")]
    [InlineData("80/", "127.0.0.1/0:80/tcp")]
    [InlineData("127.0.0.2::80", "127.0.0.2/0:80/tcp")]
    [InlineData("0.0.0.0:8080:80", "0.0.0.0/8080:80/tcp")]
    [InlineData("[::1]:8080:80", "::1/8080:80/tcp")]
    [InlineData("[::1]::80/udp", "::1/0:80/udp")]
    [InlineData("8000-8001:8000-8001", "127.0.0.1/8000:8000/tcp 127.0.0.1/8001:8001/tcp")]
    [InlineData("9000-9001:8000-8001/udp", "127.0.0.1/9000:8000/udp 127.0.0.1/9001:8001/udp")]
    [InlineData("8000-8001", "127.0.0.1/0:8000/tcp 127.0.0.1/0:8001/tcp")]
    [InlineData("8000-8010:80", "127.0.0.1/8000-8010:80/tcp")]
    public void A_spec_publishes_the_ports_docker_would(string spec, string expected) => Assert.Equal(expected, Read(spec));

    [Theory]
    [InlineData("", "No port specified: <empty>")]
    [InlineData("8080:", "No port specified: 8080:<empty>")]
    [InlineData("abc", "Invalid containerPort: abc")]
    [InlineData("x:80", "Invalid hostPort: x")]
    [InlineData("70000:80", "Invalid hostPort: 70000")]
    [InlineData("8001-8000:80", "Invalid hostPort: 8001-8000")]
    [InlineData("localhost:8080:80", "Invalid ip address: localhost")]
    [InlineData("8000-8002:8000-8001", "Invalid ranges specified for container and host Ports: 8000-8001 and 8000-8002")]
    [InlineData("80/icmp", "Invalid proto: icmp")]
    [InlineData("80/sctp", "-p 80/sctp: sctp is not supported (tcp or udp)")]
    [InlineData("8080:0", "Invalid containerPort: 0")]
    public void A_bad_spec_is_one_line_with_dockers_reason(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<HoistException>(() => PublishedPortSpec.Parse(spec)).Message);

    [Fact]
    public void Exposed_ports_publish_on_any_loopback_port()
    {
        Assert.Equal(new PublishedPort("127.0.0.1", 0, 53, "udp"), PublishedPortSpec.Exposed("53/udp"));
        Assert.Equal(new PublishedPort("127.0.0.1", 0, 80, "tcp"), PublishedPortSpec.Exposed("80"));
        Assert.Equal("-P: the image exposes 9/sctp; only tcp and udp ports can be published",
            Assert.Throws<HoistException>(() => PublishedPortSpec.Exposed("9/sctp")).Message);
    }

    [Fact]
    public void The_allocator_picks_distinct_free_ports_and_leaves_fixed_ones_alone()
    {
        var ports = PublishedPortAllocator.Allocate([.. PublishedPortSpec.Parse("80"), .. PublishedPortSpec.Parse("81"),
            .. PublishedPortSpec.Parse("53/udp"), .. PublishedPortSpec.Parse("8080:82")]);

        Assert.Equal([true, true, true, false], ports.Select(p => p.Picked));
        Assert.All(ports.Take(2), p => Assert.InRange(p.HostPort, 1024, 65535));
        Assert.NotEqual(ports[0].HostPort, ports[1].HostPort);
        Assert.Equal(8080, ports[3].HostPort);
        Assert.Equal($"80/tcp -> 127.0.0.1:{ports[0].HostPort}", ports[0].ToString());
        Assert.Equal($"53/udp -> 127.0.0.1:{ports[2].HostPort}", ports[2].ToString());
    }

    [Fact]
    public void A_udp_port_takes_its_own_number_on_the_host_when_free()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var number = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var whileHeld = PublishedPortAllocator.Allocate([new PublishedPort("127.0.0.1", 0, number, "udp")])[0];
        probe.Dispose();

        var free = PublishedPortAllocator.Allocate([new PublishedPort("127.0.0.1", 0, number, "udp")])[0];

        Assert.Equal((number, true), (free.HostPort, free.Picked));
        Assert.NotEqual(number, whileHeld.HostPort);
    }

    [Fact]
    public void A_host_range_gives_its_first_free_port()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var taken = ((IPEndPoint)busy.LocalEndpoint).Port;
        var range = new PublishedPort("127.0.0.1", taken, 80, "tcp") { HostPortLast = taken + 1 };

        // the range's first port is held, so the second is the one; with both held the range is an error
        var picked = PublishedPortAllocator.Allocate([range])[0];
        using var alsoBusy = new TcpListener(IPAddress.Loopback, taken + 1);
        alsoBusy.Start();

        Assert.Equal((taken + 1, true), (picked.HostPort, picked.Picked));
        Assert.Equal($"-p 80/tcp: no free host port in {taken}-{taken + 1} on 127.0.0.1",
            Assert.Throws<HoistException>(() => PublishedPortAllocator.Allocate([range])).Message);
    }

    [Fact]
    public void An_ipv6_mapping_prints_its_address_in_brackets() =>
        Assert.Equal("80/tcp -> [::1]:8080", new PublishedPort("::1", 8080, 80, "tcp").ToString());
}
