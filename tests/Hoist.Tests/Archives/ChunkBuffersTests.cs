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
    public void A_buffer_larger_than_a_chunk_s_member_or_a_small_one_is_made_for_the_caller_and_not_kept()
    {
        var large = ChunkBuffers.Rent(ChunkBuffers.Length + 1);
        Assert.Equal(ChunkBuffers.Length + 1, large.Length);
        Assert.Equal(100, ChunkBuffers.Rent(100).Length);
        Assert.Equal(ChunkBuffers.Length, ChunkBuffers.Rent(ChunkBuffers.SmallLength + 1).Length);
        ChunkBuffers.Return(large);
        ChunkBuffers.Return(new byte[100]);
        Assert.Equal(ChunkBuffers.Length, ChunkBuffers.Rent(ChunkBuffers.SmallLength + 1).Length);
    }

    [Fact]
    public void A_small_input_is_compressed_from_small_buffers_into_the_same_gzip_as_a_whole_chunk_gives()
    {
        var small = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a small layer's tar ", 200)));
        var grown = new byte[ChunkBuffers.SmallLength * 3];
        new Random(7).NextBytes(grown.AsSpan(0, 1000));

        foreach (var input in new[] { small, grown })
        {
            using var output = new MemoryStream();
            using (var gzip = new ParallelGzipStream(output, level: 6, leaveOpen: true))
            {
                gzip.Write(input.AsSpan(0, 10));
                gzip.Write(input.AsSpan(10));
            }
            using var expected = new MemoryStream();
            using (var whole = new System.IO.Compression.GZipStream(expected, new System.IO.Compression.ZLibCompressionOptions { CompressionLevel = 6 }))
            {
                whole.Write(input);
            }
            Assert.Equal(expected.ToArray(), output.ToArray());
        }
    }
}
