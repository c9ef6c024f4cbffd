using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Hoist.Execution;

/// <summary>
/// A published port through slirp4netns: its API socket's <c>add_hostfwd</c> request (slirp4netns(1), "API SOCKET"),
/// one connection per request, forwarding the host address and port to the container's address (10.0.2.100 under
/// <c>--configure</c>).
/// </summary>
internal static class SlirpPortForward
{
    /// <summary>The address <c>slirp4netns --configure</c> gives the namespace.</summary>
    private const string GuestAddress = "10.0.2.100";

    public static async Task AddAsync(string apiSocket, PublishedPort port, CancellationToken cancellationToken)
    {
        if (IPAddress.Parse(port.HostAddress).AddressFamily != AddressFamily.InterNetwork)
        {
            throw new HoistException($"-p {port}: slirp4netns publishes IPv4 addresses only (pasta, Debian package passt, does both)");
        }
        var request = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"execute":"add_hostfwd","arguments":{"proto":"{{{port.Protocol}}}","host_addr":"{{{port.HostAddress}}}","host_port":{{{port.HostPort}}},"guest_addr":"{{{GuestAddress}}}","guest_port":{{{port.ContainerPort}}}}}""");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(apiSocket), cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        var reply = await ReadAllAsync(socket, cancellationToken).ConfigureAwait(false);
        using var document = ParseReply(reply, port);
        if (document.RootElement.TryGetProperty("return", out _)) return;
        var reason = document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("desc", out var desc) ? desc.GetString() : reply;
        throw new HoistException($"-p {port}: slirp4netns refused the port: {reason}");
    }

    private static JsonDocument ParseReply(string reply, PublishedPort port)
    {
        try
        {
            return JsonDocument.Parse(reply);
        }
        catch (JsonException e)
        {
            throw new HoistException($"-p {port}: slirp4netns answered \"{reply.Trim()}\"", e);
        }
    }

    private static async Task<string> ReadAllAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            if (text.Length > 65536) break;
        }
        return text.ToString();
    }
}
