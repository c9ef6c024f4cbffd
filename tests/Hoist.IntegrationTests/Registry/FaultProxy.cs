using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hoist.IntegrationTests.Registry;

/// <summary>What the proxy does to one request.</summary>
public abstract record Fault
{
    /// <summary>Answer with this status instead of forwarding.</summary>
    public sealed record Status(int Code, string? RetryAfter = null) : Fault;

    /// <summary>Forward, send the headers and this many body bytes, then reset the connection (RST).</summary>
    public sealed record ResetAfter(int BodyBytes) : Fault;

    /// <summary>Forward, send the headers and this many body bytes, then close the connection cleanly (FIN).</summary>
    public sealed record TruncateAfter(int BodyBytes) : Fault;

    /// <summary>Forward with the body byte at this offset flipped.</summary>
    public sealed record CorruptByte(int Offset) : Fault;

    /// <summary>Forward, then reset the connection before any of the answer is sent back.</summary>
    public sealed record ResetBeforeResponse : Fault;

    /// <summary>Forward without the Range header, as a server or cache that ignores ranges would answer.</summary>
    public sealed record IgnoreRange : Fault;

    /// <summary>Read the request, then answer nothing, keeping the connection open: a registry stalled before headers.</summary>
    public sealed record StallBeforeResponse : Fault;

    /// <summary>Forward, send the headers and this many body bytes, then send nothing more, keeping the connection open.</summary>
    public sealed record StallAfter(int BodyBytes) : Fault;

    /// <summary>Read this many bytes of the request body, then stop reading, keeping the connection open: a stalled upload.</summary>
    public sealed record StallUpload(int BodyBytes) : Fault;
}

/// <summary>One request seen by the proxy.</summary>
public sealed record ProxiedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// An HTTP/1.1 proxy on 127.0.0.1 in front of a registry, one request per connection, that injects faults chosen by a
/// script (request, index among matching requests) → fault or null. It refuses TLS so https probes fail fast.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private Func<ProxiedRequest, Fault?> _script = _ => null;

    public FaultProxy(int upstreamPort)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Host => $"127.0.0.1:{Port}";

    public IReadOnlyList<ProxiedRequest> Requests => [.. _requests];

    /// <summary>Sets the fault script; it runs under a lock, so it may count calls.</summary>
    public void Inject(Func<ProxiedRequest, Fault?> script)
    {
        lock (_requests) _script = script;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await HandleRequestAsync(client, _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the client went away; nothing to do
            }
        }
    }

    private async Task HandleRequestAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        var head = await ReadHeadAsync(stream, cancellationToken);
        if (head is null) return; // TLS hello or an empty connection
        var (headText, leftover) = head.Value;
        var lines = headText.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var request = new ProxiedRequest(requestLine[0], requestLine[1], headers);
        _requests.Enqueue(request);
        Fault? fault;
        lock (_requests) fault = _script(request);
        var body = new MemoryStream();
        body.Write(leftover);
        if (headers.TryGetValue("Content-Length", out var lengthText) && long.Parse(lengthText) is var length and > 0)
        {
            if (fault is Fault.StallUpload upload) length = Math.Min(length, upload.BodyBytes);
            var buffer = new byte[64 * 1024];
            while (body.Length < length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - body.Length)), cancellationToken);
                if (read == 0) return;
                body.Write(buffer, 0, read);
            }
        }
        if (fault is Fault.StallUpload or Fault.StallBeforeResponse)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken); // until the proxy is disposed
            return;
        }

        if (fault is Fault.Status status)
        {
            var retryAfter = status.RetryAfter is null ? "" : $"Retry-After: {status.RetryAfter}\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {status.Code} Injected\r\n{retryAfter}Content-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken);
            return;
        }

        // Forward with Connection: close so the registry ends its answer by closing: then the whole answer is known.
        var forwarded = new StringBuilder($"{lines[0]}\r\n");
        foreach (var (name, value) in headers.Where(h => !h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                     && !(fault is Fault.IgnoreRange && h.Key.Equals("Range", StringComparison.OrdinalIgnoreCase))))
        {
            forwarded.Append($"{name}: {value}\r\n");
        }
        forwarded.Append("Connection: close\r\n\r\n");
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(_upstream, cancellationToken);
        var upstreamStream = upstream.GetStream();
        await upstreamStream.WriteAsync(Encoding.ASCII.GetBytes(forwarded.ToString()), cancellationToken);
        await upstreamStream.WriteAsync(body.ToArray(), cancellationToken);
        var response = new MemoryStream();
        await upstreamStream.CopyToAsync(response, cancellationToken);
        var bytes = response.ToArray();
        var split = IndexOf(bytes, "\r\n\r\n"u8) + 4;
        var responseHead = bytes[..split];
        var responseBody = bytes[split..];

        switch (fault)
        {
            case Fault.ResetBeforeResponse:
                client.Client.LingerState = new LingerOption(true, 0);
                client.Client.Close();
                return;
            case Fault.ResetAfter reset:
                await stream.WriteAsync(responseHead, cancellationToken);
                await stream.WriteAsync(responseBody.AsMemory(0, Math.Min(reset.BodyBytes, responseBody.Length)), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                client.Client.LingerState = new LingerOption(true, 0); // close with RST: a connection reset by peer
                client.Client.Close();
                return;
            case Fault.TruncateAfter truncate:
                await stream.WriteAsync(responseHead, cancellationToken);
                await stream.WriteAsync(responseBody.AsMemory(0, Math.Min(truncate.BodyBytes, responseBody.Length)), cancellationToken);
                client.Client.Shutdown(SocketShutdown.Send);
                return;
            case Fault.StallAfter stall:
                await stream.WriteAsync(responseHead, cancellationToken);
                await stream.WriteAsync(responseBody.AsMemory(0, Math.Min(stall.BodyBytes, responseBody.Length)), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return;
            case Fault.CorruptByte corrupt when corrupt.Offset < responseBody.Length:
                responseBody[corrupt.Offset] ^= 0xFF;
                break;
        }
        await stream.WriteAsync(responseHead, cancellationToken);
        await stream.WriteAsync(responseBody, cancellationToken);
    }

    private static async Task<(string Head, byte[] Leftover)?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0) return null;
            if (buffer.Length == 0 && chunk[0] == 0x16) return null; // a TLS handshake: this proxy speaks plain HTTP only
            buffer.Write(chunk, 0, read);
            var bytes = buffer.ToArray();
            var end = IndexOf(bytes, "\r\n\r\n"u8);
            if (end >= 0) return (Encoding.ASCII.GetString(bytes, 0, end), bytes[(end + 4)..]);
            if (buffer.Length > 64 * 1024) return null;
        }
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
