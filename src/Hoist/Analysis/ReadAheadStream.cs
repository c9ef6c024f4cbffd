using System.Threading.Channels;
using Hoist.Archives;
using Hoist.Posix;

namespace Hoist.Analysis;

/// <summary>
/// Reads <paramref name="inner"/> (an inflating layer stream) on a background task a few chunks ahead of the reader, so
/// decompression on one core overlaps tar parsing and inspection on the other. At most <see cref="Depth"/> chunks of
/// <see cref="ChunkSize"/> bytes wait in memory. An error of the inner stream surfaces on the next read; disposing stops
/// the background task and disposes what it wraps. Chunks come from <see cref="ChunkBuffers"/>: a fresh 1 MiB array per
/// chunk (one at least per layer walked) went to the large object heap and set off compacting collections.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private const int ChunkSize = 1 << 20;
    private const int Depth = 4;

    private readonly Stream _inner;
    private readonly Channel<(byte[] Buffer, int Count)> _chunks =
        Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(Depth) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private (byte[] Buffer, int Count) _current = ([], 0);
    private int _offset;

    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        _producer = Task.Run(ProduceAsync);
    }

    private async Task ProduceAsync()
    {
        try
        {
            while (true)
            {
                var buffer = ChunkBuffers.Rent(ChunkSize);
                var filled = 0;
                int read;
                while (filled < ChunkSize && (read = _inner.Read(buffer, filled, ChunkSize - filled)) > 0) filled += read;
                if (filled == 0)
                {
                    ChunkBuffers.Return(buffer);
                    break;
                }
                await _chunks.Writer.WriteAsync((buffer, filled), _stop.Token).ConfigureAwait(false);
                if (filled < ChunkSize) break;
            }
            _chunks.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _chunks.Writer.TryComplete(e);
        }
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (_offset == _current.Count)
        {
            if (!NextChunk()) return 0;
        }
        var n = Math.Min(buffer.Length, _current.Count - _offset);
        _current.Buffer.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    /// <summary>Waits for the next chunk; false at the end. The inner stream's error is rethrown as it was.</summary>
    private bool NextChunk()
    {
        try
        {
            if (!_chunks.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) return false;
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
        Release(_current.Buffer);
        _chunks.Reader.TryRead(out _current);
        _offset = 0;
        return true;
    }

    private static void Release(byte[] buffer)
    {
        if (buffer.Length > 0) ChunkBuffers.Return(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            try
            {
                _producer.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
            while (_chunks.Reader.TryRead(out var waiting)) Release(waiting.Buffer);
            Release(_current.Buffer);
            _current = ([], 0);
            _stop.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
