using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>Counts what is written to it and keeps nothing: the size of an output that is not needed (a trial deflate).</summary>
internal sealed class CountingWriteStream : WriteOnlyStream
{
    public long BytesWritten { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer) => BytesWritten += buffer.Length;
}
