using System.Globalization;
using System.Net;

namespace Hoist.Execution;

/// <summary>
/// docker's <c>-p</c> syntax (go-connections' <c>nat.ParsePortSpec</c>, with the docker CLI's messages, docker 28.5):
/// <c>[[IP:][HOST-PORT[-LAST]]:]CONTAINER-PORT[-LAST][/tcp|udp]</c>, IPv6 addresses in brackets. A range publishes
/// each port of it; a host range for one container port is a range to pick a free port from; no host port means any
/// free one. The address defaults to <see cref="PublishedPort.DefaultHostAddress"/>, where docker's is every address.
/// </summary>
public static class PublishedPortSpec
{
    public static IReadOnlyList<PublishedPort> Parse(string spec)
    {
        var (address, hostPorts, containerPart) = SplitParts(spec);
        var slash = containerPart.IndexOf('/');
        var (containerPorts, protocol) = slash < 0 ? (containerPart, "tcp")
            : (containerPart[..slash], slash == containerPart.Length - 1 ? "tcp" : containerPart[(slash + 1)..].ToLowerInvariant());
        address = HostAddress(spec, address);
        if (containerPorts.Length == 0) throw new HoistException($"No port specified: {spec}<empty>");
        var (first, last) = Range(containerPorts) ?? throw new HoistException($"Invalid containerPort: {containerPorts}");
        var (hostFirst, hostLast) = hostPorts.Length == 0 ? (0, 0) : Range(hostPorts) ?? throw new HoistException($"Invalid hostPort: {hostPorts}");
        if (hostPorts.Length > 0 && last - first != hostLast - hostFirst && last != first)
        {
            throw new HoistException($"Invalid ranges specified for container and host Ports: {containerPorts} and {hostPorts}");
        }
        if (protocol is not ("tcp" or "udp"))
        {
            throw new HoistException(protocol == "sctp" ? $"-p {spec}: sctp is not supported (tcp or udp)" : $"Invalid proto: {protocol}");
        }
        if (first == 0) throw new HoistException($"Invalid containerPort: {containerPorts}");
        return [.. Enumerable.Range(0, last - first + 1).Select(i => first == last
            ? new PublishedPort(address, hostFirst, first, protocol) { HostPortLast = hostLast > hostFirst ? hostLast : 0 }
            : new PublishedPort(address, hostFirst == 0 ? 0 : hostFirst + i, first + i, protocol))];
    }

    /// <summary>One container port of an image's EXPOSE (<c>80/tcp</c>) on any free host port: <c>-P</c>.</summary>
    public static PublishedPort Exposed(string exposedPort)
    {
        var parts = exposedPort.Split('/', 2);
        var protocol = parts.Length == 2 ? parts[1].ToLowerInvariant() : "tcp";
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new HoistException($"the image exposes an invalid port \"{exposedPort}\"");
        }
        if (protocol is not ("tcp" or "udp")) throw new HoistException($"-P: the image exposes {exposedPort}; only tcp and udp ports can be published");
        return new PublishedPort(PublishedPort.DefaultHostAddress, 0, port, protocol);
    }

    /// <summary>go-connections' <c>splitParts</c>: the container port is always the last part.</summary>
    private static (string Address, string HostPorts, string ContainerPorts) SplitParts(string spec)
    {
        var parts = spec.Split(':');
        return parts.Length switch
        {
            1 => ("", "", parts[0]),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => (string.Join(':', parts[..^2]), parts[^2], parts[^1]),
        };
    }

    private static string HostAddress(string spec, string address)
    {
        if (address.Length == 0) return PublishedPort.DefaultHostAddress;
        var bare = address.StartsWith('[') && address.EndsWith(']') ? address[1..^1] : address;
        if (!IPAddress.TryParse(bare, out var parsed) || bare.Contains('%')) throw new HoistException($"Invalid ip address: {address}");
        return parsed.ToString();
    }

    /// <summary><c>N</c> or <c>N-M</c> (M ≥ N), each 0-65535 as <c>nat.ParsePortRange</c>; null when malformed.</summary>
    private static (int First, int Last)? Range(string text)
    {
        var dash = text.IndexOf('-');
        var (from, to) = dash < 0 ? (text, text) : (text[..dash], text[(dash + 1)..]);
        if (!ushort.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !ushort.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first)
        {
            return null;
        }
        return (first, last);
    }
}
