using System.Net;
using System.Net.Sockets;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// A TCP listener on the host's 127.0.0.1 (a free port) counting the connections it accepts: how a test shows that a
/// container did, or did not, reach the host's loopback. Also the tests' way to a free loopback port and to a server
/// in a container once it answers.
/// </summary>
public sealed class LoopbackListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private int _accepted;

    public LoopbackListener()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // stopped
        }
    }

    /// <summary>A TCP port of 127.0.0.1 free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The body at <paramref name="url"/> once the server (in <paramref name="process"/>) answers: retried while
    /// it starts, each try waiting for the connection, failing once the process exits or after
    /// <paramref name="timeout"/> (default 30 s: a loaded machine starts a container slowly).</summary>
    public static async Task<string> GetWhenUpAsync(HttpClient client, string url, System.Diagnostics.Process process, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                return await client.GetStringAsync(url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
