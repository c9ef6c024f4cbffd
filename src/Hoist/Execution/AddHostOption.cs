using System.Net;

namespace Hoist.Execution;

/// <summary>
/// <c>--add-host HOST:IP</c> (or <c>HOST=IP</c>) as docker validates it (opts.ValidateExtraHost): the address may be in
/// brackets, and <c>host-gateway</c> names the host. Hoist reaches the host only through its own network, so
/// host-gateway is 127.0.0.1 with <c>--network host</c> and refused otherwise: the sandbox network cannot reach the
/// host's loopback (docs/security.md).
/// </summary>
public static class AddHostOption
{
    public const string HostGateway = "host-gateway";

    public static KeyValuePair<string, string> Parse(string text, NetworkMode network)
    {
        var separator = text.IndexOf('=');
        if (separator <= 0) separator = text.IndexOf(':');
        if (separator <= 0) throw new HoistException($"--add-host: bad format for add-host: \"{text}\" (expected HOST:IP)");
        var (host, address) = (text[..separator], text[(separator + 1)..]);
        if (address == HostGateway) return new(host, GatewayAddress(text, network));
        var bare = address.Length > 1 && address[0] == '[' && address[^1] == ']' ? address[1..^1] : address;
        if (!IPAddress.TryParse(bare, out var parsed) || bare.Contains('%'))
        {
            throw new HoistException($"--add-host: invalid IP address in add-host: \"{address}\"");
        }
        return new(host, parsed.ToString());
    }

    private static string GatewayAddress(string text, NetworkMode network) => network == NetworkMode.Host
        ? "127.0.0.1"
        : throw new HoistException($"--add-host {text}: host-gateway needs --network host (where it is 127.0.0.1): "
            + "a RUN in the sandbox network cannot reach the host");
}
