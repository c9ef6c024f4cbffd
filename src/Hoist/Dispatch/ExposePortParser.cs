using System.Globalization;

namespace Hoist.Dispatch;

/// <summary>
/// An EXPOSE word as BuildKit reads it (dockerfile2llb/convert_expose.go): <c>[ip:][hostPort:]port[-end][/proto]</c>
/// becomes one <c>port/proto</c> per port of the range, the protocol lower-cased and <c>tcp</c> by default. An address
/// and a host port are checked, then dropped; a protocol other than tcp, udp or sctp and a port outside 0–65535 are
/// errors, in BuildKit's words.
/// </summary>
public static class ExposePortParser
{
    public static IReadOnlyList<string> Parse(string raw)
    {
        var (ip, hostPort, containerPort) = SplitParts(raw);
        var (port, protocol) = SplitProtocol(raw, containerPort);
        CheckAddress(ip);
        if (Range(port) is not var (first, last))
            throw new HoistException($"invalid containerPort: {port}");
        if (hostPort.Length > 0)
        {
            if (Range(hostPort) is not var (hostFirst, hostLast))
                throw new HoistException($"invalid hostPort: {hostPort}");
            // A host range beside a single container port is allowed (it is the range to allocate from).
            if (last - first != hostLast - hostFirst && last != first)
                throw new HoistException($"invalid ranges specified for container and host Ports: {port} and {hostPort}");
        }
        return [.. Enumerable.Range(first, last - first + 1).Select(p => $"{p}/{protocol}")];
    }

    /// <summary><c>a</c>, <c>host:a</c>, <c>ip:host:a</c>; with more colons (IPv6) the address is everything before the last two.</summary>
    private static (string Ip, string HostPort, string ContainerPort) SplitParts(string raw)
    {
        var parts = raw.Split(':');
        return parts.Length switch
        {
            1 => ("", "", parts[0]),
            2 => ("", parts[0], parts[1]),
            _ => (string.Join(':', parts[..^2]), parts[^2], parts[^1]),
        };
    }

    private static (string Port, string Protocol) SplitProtocol(string raw, string containerPort)
    {
        var slash = containerPort.IndexOf('/');
        var port = slash < 0 ? containerPort : containerPort[..slash];
        var protocol = slash < 0 ? "" : containerPort[(slash + 1)..].ToLowerInvariant();
        if (port.Length == 0)
            throw new HoistException($"invalid port: \"{raw}\": no port specified");
        if (protocol is not ("" or "tcp" or "udp" or "sctp"))
            throw new HoistException($"invalid port: \"{raw}\": invalid proto: {containerPort[(slash + 1)..]}");
        return (port, protocol.Length == 0 ? "tcp" : protocol);
    }

    private static void CheckAddress(string ip)
    {
        var address = ip.StartsWith('[') && ip.EndsWith(']') ? ip[1..^1] : ip;
        if (ip.Length > 0 && !System.Net.IPAddress.TryParse(address, out _))
            throw new HoistException($"invalid IP address: {ip}");
    }

    /// <summary><c>8000</c> or <c>8000-8010</c>; null when either end is not a port number or the range runs backwards.</summary>
    private static (int First, int Last)? Range(string ports)
    {
        var dash = ports.IndexOf('-');
        var start = dash < 0 ? ports : ports[..dash];
        var end = dash < 0 ? start : ports[(dash + 1)..];
        if (Number(start) is not { } first) return null;
        if (end == start) return (first, first);
        return Number(end) is { } last && last >= first ? (first, last) : null;
    }

    private static int? Number(string text) =>
        text.Length > 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? (int)port : null;
}
