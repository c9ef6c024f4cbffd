using System.Net;
using System.Net.Sockets;

namespace Hoist.Execution;

/// <summary>
/// Chooses the host ports docker's daemon would allocate (<c>-p 80</c>, <c>-p 8000-8010:80</c>, <c>-P</c>): a socket of
/// the port's protocol is bound on its address, to port 0 (the kernel's choice from its ephemeral range, as docker's
/// allocator uses that range) or to each port of the range until one is free. A UDP port takes the container's port
/// number when it is free: Debian 12's pasta (passt 2023-03-09) sends the replies of a UDP port published under another
/// number to no socket (ENOTSOCK; fixed in later passt), and any free port is what docker promises. Every probe stays
/// bound until all are chosen, so two container ports never get the same host port; the network stack binds them right
/// after.
/// </summary>
public static class PublishedPortAllocator
{
    public static IReadOnlyList<PublishedPort> Allocate(IReadOnlyList<PublishedPort> ports)
    {
        var probes = new List<Socket>();
        try
        {
            return [.. ports.Select(p => p.NeedsHostPort ? p with { HostPort = Pick(p, probes), HostPortLast = 0, Picked = true } : p)];
        }
        finally
        {
            foreach (var probe in probes) probe.Dispose();
        }
    }

    private static int Pick(PublishedPort port, List<Socket> probes)
    {
        var address = IPAddress.Parse(port.HostAddress);
        IEnumerable<int> candidates = port.HostPort != 0 ? Enumerable.Range(port.HostPort, port.HostPortLast - port.HostPort + 1)
            : port.IsUdp ? [port.ContainerPort, 0] : [0];
        foreach (var candidate in candidates)
        {
            var socket = port.IsUdp ? new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
                : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(address, candidate));
                probes.Add(socket);
                return ((IPEndPoint)socket.LocalEndPoint!).Port;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
            {
                socket.Dispose();
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new HoistException($"-p {port.ContainerPortName}: cannot bind {port.HostAddress}: {e.Message}", e);
            }
        }
        throw new HoistException($"-p {port.ContainerPortName}: no free host port in {port.HostPort}-{port.HostPortLast} on {port.HostAddress}");
    }
}
