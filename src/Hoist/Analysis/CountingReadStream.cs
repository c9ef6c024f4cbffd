using Hoist.Posix;

namespace Hoist.Analysis;

/// <summary>Counts the bytes read through it (a layer's uncompressed tar size) and disposes what it wraps.</summary>
internal sealed class CountingReadStream(Stream inner) : ReadOnlyStream
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        BytesRead += read;
        return read;
    }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
