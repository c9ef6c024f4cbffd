using Hoist.Posix;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Archives;

/// <summary>Reads a file just written back through the handle it was written with (positional reads, the page cache's
/// copy): no path is resolved again, so nothing planted since can redirect it. Leaves the handle open.</summary>
internal sealed class WrittenFileStream(SafeFileHandle handle) : ReadOnlyStream
{
    private long _offset;

    public override int Read(Span<byte> buffer)
    {
        var read = RandomAccess.Read(handle, buffer, _offset);
        _offset += read;
        return read;
    }
}
