using System.Globalization;
using System.Net;

namespace Hoist.Execution;

/// <summary>
/// One container port published on the host, as <c>docker run -p</c> asks for it: a TCP or UDP port of the container
/// reached at <see cref="HostAddress"/>:<see cref="HostPort"/>. <see cref="HostPort"/> 0 means any free port, and
/// <see cref="HostPortLast"/> above it any free port of that range (docker's <c>-p 8000-8010:80</c>); Hoist picks it
/// before the network starts (<see cref="PublishedPortAllocator"/>), and <see cref="Picked"/> then says so.
/// </summary>
public sealed record PublishedPort(string HostAddress, int HostPort, int ContainerPort, string Protocol)
{
    /// <summary>docker's default is every address; Hoist's is the loopback, so nothing is exposed by accident.</summary>
    public const string DefaultHostAddress = "127.0.0.1";

    /// <summary>The last port of a host range to pick from; 0 when the host port is fixed or any.</summary>
    public int HostPortLast { get; init; }

    /// <summary>True when Hoist chose <see cref="HostPort"/> (what <c>hoist run</c> then prints, as <c>docker port</c> would).</summary>
    public bool Picked { get; init; }

    public bool IsUdp => Protocol == "udp";

    /// <summary>Whether Hoist has to choose the host port.</summary>
    public bool NeedsHostPort => HostPort == 0 || HostPortLast > HostPort;

    /// <summary><c>80/tcp</c>, as docker names a container port.</summary>
    public string ContainerPortName => $"{ContainerPort.ToString(CultureInfo.InvariantCulture)}/{Protocol}";

    /// <summary>The host side, <c>127.0.0.1:32768</c> (IPv6 in brackets).</summary>
    public string HostEndpoint =>
        (IPAddress.Parse(HostAddress).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{HostAddress}]" : HostAddress)
        + ":" + HostPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>pasta's <c>-t</c>/<c>-u</c> spec, <c>ADDRESS/HOST:CONTAINER</c>.</summary>
    public string PastaSpec => $"{HostAddress}/{HostPort.ToString(CultureInfo.InvariantCulture)}:{ContainerPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The line <c>docker port</c> prints for it: <c>80/tcp -> 127.0.0.1:32768</c>.</summary>
    public override string ToString() => $"{ContainerPortName} -> {HostEndpoint}";
}
