using System.Net;

namespace Hoist.Registry;

/// <summary>
/// A request body that re-arms the <see cref="StallWatchdog"/> with the idle timeout for every write, then, once the
/// body is sent, arms it for the response headers. An upload the registry stops reading fails after the idle timeout.
/// The wrapped content is not disposed with this one: it belongs to the request.
/// </summary>
internal sealed class WatchedRequestContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly StallWatchdog _watchdog;
    private readonly RegistryTimeouts _timeouts;
    private readonly string _awaitingHeaders;

    public WatchedRequestContent(HttpContent inner, StallWatchdog watchdog, RegistryTimeouts timeouts, string awaitingHeaders)
    {
        _inner = inner;
        _watchdog = watchdog;
        _timeouts = timeouts;
        _awaitingHeaders = awaitingHeaders;
        foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        _watchdog.Arm(timeouts.Idle, UploadStalled);
    }

    private string UploadStalled => $"upload stalled: the registry took no data for {StallWatchdog.Describe(_timeouts.Idle)}";

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using (var watched = new ProgressStream(stream, () => _watchdog.Arm(_timeouts.Idle, UploadStalled)))
        {
            await _inner.CopyToAsync(watched, context, cancellationToken).ConfigureAwait(false);
            await watched.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        _watchdog.Arm(_timeouts.ResponseHeaders, _awaitingHeaders);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? -1;
        return length >= 0;
    }

    /// <summary>Calls back before every write: each one is progress.</summary>
    private sealed class ProgressStream(Stream inner, Action progress) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            progress();
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            progress();
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        // Not disposing the transport stream: the connection owns it.
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
