using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>Passes at most <paramref name="limit"/> bytes through, then fails with <paramref name="message"/>: a download
/// or a decompression that would fill the disk stops instead. Disposes what it wraps.</summary>
public sealed class BoundedReadStream(Stream inner, long limit, string message) : ReadOnlyStream
{
    private long _read;

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new HoistException(message) : read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
