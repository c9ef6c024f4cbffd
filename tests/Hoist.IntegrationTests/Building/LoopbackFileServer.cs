using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hoist.IntegrationTests.Building;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (random port) serving fixed bodies by path, with a Last-Modified header, for
/// ADD &lt;url&gt; tests. Unknown paths get 404. Every connection is answered once and closed.
/// </summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, byte[]> _files;
    private readonly CancellationTokenSource _stop = new();

    public LoopbackFileServer(Dictionary<string, byte[]> files, DateTimeOffset lastModified)
    {
        _files = files;
        LastModified = lastModified;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public DateTimeOffset LastModified { get; }

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0) return;
                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            var path = request.ToString().Split(' ')[1];
            var found = _files.TryGetValue(path, out var body);
            body ??= "not found"u8.ToArray();
            var head = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Length: {body.Length}\r\n"
                + $"Content-Type: application/octet-stream\r\nLast-Modified: {LastModified.UtcDateTime:R}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
