using Hoist.Dispatch;

namespace Hoist.Tests.Dispatch;

/// <summary>EXPOSE words as BuildKit v0.25.2 reads them (dockerfile2llb/convert_expose.go), checked against its results.</summary>
public sealed class ExposePortParserTests
{
    [Theory]
    [InlineData("80", "80/tcp")]
    [InlineData("53/UDP", "53/udp")]
    [InlineData("9000-9002/sctp", "9000/sctp 9001/sctp 9002/sctp")]
    [InlineData("0", "0/tcp")]
    [InlineData("127.0.0.1:8080:80", "80/tcp")]
    [InlineData("8000-8001:80", "80/tcp")]
    [InlineData("[::1]:8080:80/udp", "80/udp")]
    public void A_port_becomes_port_slash_protocol_per_port_of_its_range(string word, string expected) =>
        Assert.Equal(expected.Split(' '), ExposePortParser.Parse(word));

    [Theory]
    [InlineData("80/xyz", "invalid port: \"80/xyz\": invalid proto: xyz")]
    [InlineData("/tcp", "invalid port: \"/tcp\": no port specified")]
    [InlineData("65536", "invalid containerPort: 65536")]
    [InlineData("80-70", "invalid containerPort: 80-70")]
    [InlineData("abc", "invalid containerPort: abc")]
    [InlineData("x:80", "invalid hostPort: x")]
    [InlineData("nohost:1:80", "invalid IP address: nohost")]
    [InlineData("1-3:80-81", "invalid ranges specified for container and host Ports: 80-81 and 1-3")]
    public void A_bad_port_is_refused_in_BuildKits_words(string word, string message) =>
        Assert.Equal(message, Assert.Throws<HoistException>(() => ExposePortParser.Parse(word)).Message);
}
