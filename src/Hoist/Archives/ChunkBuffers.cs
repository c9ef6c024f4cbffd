namespace Hoist.Archives;

/// <summary>
/// The buffers of about a megabyte that layer streams hand between threads: <see cref="ParallelGzipStream"/>'s chunks
/// and members, and a layer walk's read-ahead. ArrayPool.Shared keeps one array of each size for every thread that
/// returned one, and a chunk's member (1 MiB plus its deflate bound) fell in its 2 MiB size: a 20,000-file COPY kept
/// 16 MB of them idle in the heap for the rest of the build. These all have one length (a chunk's worst-case member),
/// and no more than one parallel gzip stream's worth wait for reuse; any others are left to the GC.
/// </summary>
internal static class ChunkBuffers
{
    public const int ChunkLength = 1 << 20;

    /// <summary>Deflate never grows data by more than a few bytes per 16 KiB block: a member of a whole chunk fits.</summary>
    public const int Length = ChunkLength + ChunkLength / 8 + 1024;

    /// <summary>A parallel gzip stream's chunk being filled, and four in flight with their members (two cores).</summary>
    private const int Kept = 9;

    private static readonly Stack<byte[]> Idle = new();

    /// <summary>Up to this a buffer is an array of its own size, never pooled: a small layer's chunk and member stay off
    /// the large object heap, whose first megabytes in a process each set off a collection (a rebuild that writes one
    /// small layer paid ~5 ms for two fresh pool buffers).</summary>
    public const int SmallLength = 64 * 1024;

    /// <summary>A buffer of at least <paramref name="minimumLength"/> bytes (not cleared).</summary>
    public static byte[] Rent(int minimumLength)
    {
        if (minimumLength > Length || minimumLength <= SmallLength) return GC.AllocateUninitializedArray<byte>(minimumLength);
        lock (Idle)
        {
            if (Idle.TryPop(out var buffer)) return buffer;
        }
        return GC.AllocateUninitializedArray<byte>(Length);
    }

    public static void Return(byte[] buffer)
    {
        if (buffer.Length != Length) return;
        lock (Idle)
        {
            if (Idle.Count < Kept) Idle.Push(buffer);
        }
    }
}
