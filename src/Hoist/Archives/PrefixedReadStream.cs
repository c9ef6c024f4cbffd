using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>Replays bytes already consumed (to sniff a magic number) before reading on from the inner stream.</summary>
internal sealed class PrefixedReadStream(byte[] prefix, int prefixLength, Stream inner, bool leaveOpen) : ReadOnlyStream
{
    private int _position;
    private long _consumed;

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefixLength)
        {
            var take = Math.Min(buffer.Length, prefixLength - _position);
            prefix.AsSpan(_position, take).CopyTo(buffer);
            _position += take;
            _consumed += take;
            return take;
        }
        var read = inner.Read(buffer);
        _consumed += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Bytes read so far: SharpCompress's xz decoder reads it to check block padding.</summary>
    public override long Position { get => _consumed; set => throw new NotSupportedException(); }
}
