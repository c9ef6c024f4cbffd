using Hoist.Archives;
using Xunit;

namespace Hoist.Tests.Archives;

[Collection(MemoryMeasuringCollection.Name)]
public sealed class ChunkBuffersTests
{
    [Fact]
    public async Task Parallel_gzip_streams_on_many_threads_leave_at_most_one_stream_s_chunks_in_memory()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var data = new byte[12 << 20];
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            using var gzip = new ParallelGzipStream(Stream.Null, level: 1, parallelism: 2);
            gzip.Write(data);
        })));
        var kept = GC.GetTotalMemory(forceFullCollection: true) - before - data.Length;
        // At most nine buffers of 1.13 MB wait for reuse (one stream's chunk being filled, four in flight and their
        // members). The shared array pool kept a chunk and a member for every thread that had returned one, and more.
        Assert.True(kept < 11 << 20, $"{kept / (1 << 20)} MB kept after the streams ended");
    }

    [Fact]
    public void A_buffer_larger_than_a_chunk_s_member_is_made_for_the_caller_and_not_kept()
    {
        var large = ChunkBuffers.Rent(ChunkBuffers.Length + 1);
        Assert.Equal(ChunkBuffers.Length + 1, large.Length);
        Assert.Equal(ChunkBuffers.Length, ChunkBuffers.Rent(100).Length);
    }
}
