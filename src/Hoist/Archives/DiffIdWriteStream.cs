using System.Buffers;
using System.IO.Pipelines;
using Hoist.Oci;

namespace Hoist.Archives;

/// <summary>
/// Forwards writes to an inner stream (e.g. a store writer) and, on a background task, decompresses and hashes the same
/// bytes (or hands them to a reader that does that and more): a layer's diffID is known as soon as its download ends, in one pass, so it can be refused before it is
/// committed. The pipe is bounded, so memory stays flat whatever the layer's size.
/// </summary>
public sealed class DiffIdWriteStream : Stream
{
    private readonly Stream _inner;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
    private readonly Task<Digest> _diffId;
    private bool _completed;

    public DiffIdWriteStream(Stream inner)
        : this(inner, compressed => Task.FromResult(UncompressedDigest.Of(compressed)))
    {
    }

    /// <param name="inner">Where the bytes go (the store writer).</param>
    /// <param name="read">Reads the same bytes to their end and returns the diffID of their content: the decompression
    /// may feed more than the hash (an unpack), still in one pass.</param>
    public DiffIdWriteStream(Stream inner, Func<Stream, Task<Digest>> read)
    {
        _inner = inner;
        _diffId = Task.Run(async () =>
        {
            await using var reader = _pipe.Reader.AsStream();
            return await read(reader).ConfigureAwait(false);
        });
    }

    /// <summary>Ends the stream and returns the diffID of everything written.</summary>
    public async Task<Digest> CompleteAsync()
    {
        _completed = true;
        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        return await _diffId.ConfigureAwait(false);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        _pipe.Writer.Write(buffer);
        _pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await _pipe.Writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Abandoned (a failed download): ends the reader and waits for it, so that whatever it was making (an
    /// unpack's temporary directory) is gone before the failure is reported. Its own outcome is the abandonment's.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            await _pipe.Writer.CompleteAsync(new OperationCanceledException("layer download abandoned")).ConfigureAwait(false);
            try
            {
                await _diffId.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // the download's own failure is the one reported
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed)
        {
            // Abandoned (a failed download): end the hashing task, and observe its outcome so it is never unobserved.
            _completed = true;
            _pipe.Writer.Complete(new OperationCanceledException("layer download abandoned"));
            _diffId.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => _inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
