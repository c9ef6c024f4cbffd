using Hoist.Archives;
using Xunit;

namespace Hoist.Tests.Archives;

/// <summary>A parallel gzip blob written with an earlier blob's member record copies the members of unchanged chunks
/// and is byte for byte the blob a fresh deflate gives.</summary>
public sealed class GzipMemberReuseTests : IDisposable
{
    private const int Chunk = ParallelGzipStream.DefaultChunkSize;

    private readonly TempTree _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void A_blob_with_one_chunk_changed_copies_every_other_member_and_equals_a_fresh_blob()
    {
        var before = Data();
        var (earlierPath, record) = WriteRecorded(before);
        var after = (byte[])before.Clone();
        after[2 * Chunk + 100] ^= 0xff;

        var (bytes, reused) = WriteWithEarlier(after, 6, record, earlierPath);

        Assert.Equal(Fresh(after, 6), bytes);
        Assert.Equal(5, reused); // chunks 0, 1, 3, 4 and the short last one
    }

    [Fact]
    public void Chunks_after_a_shift_are_deflated_again_and_the_blob_still_equals_a_fresh_one()
    {
        var before = Data();
        var (earlierPath, record) = WriteRecorded(before);
        var after = before[..(3 * Chunk)].Concat(new byte[] { 1, 2, 3 }).Concat(before[(3 * Chunk)..]).ToArray();

        var (bytes, reused) = WriteWithEarlier(after, 6, record, earlierPath);

        Assert.Equal(Fresh(after, 6), bytes);
        Assert.Equal(3, reused);
    }

    [Fact]
    public void A_record_made_at_another_level_is_never_used()
    {
        var data = Data();
        var (earlierPath, record) = WriteRecorded(data);

        var (bytes, reused) = WriteWithEarlier(data, 1, record, earlierPath);

        Assert.Equal(0, reused);
        Assert.Equal(Fresh(data, 1), bytes);
    }

    [Fact]
    public void Members_that_do_not_fit_their_record_are_deflated_again()
    {
        var data = Data();
        var (earlierPath, record) = WriteRecorded(data);
        File.WriteAllBytes(earlierPath, new byte[new FileInfo(earlierPath).Length]); // the earlier blob is not what the record says

        var (bytes, reused) = WriteWithEarlier(data, 6, record, earlierPath);

        Assert.Equal(0, reused);
        Assert.Equal(Fresh(data, 6), bytes);
    }

    [Fact]
    public void A_torn_record_is_ignored()
    {
        var data = Data();
        var (earlierPath, record) = WriteRecorded(data);

        var (bytes, reused) = WriteWithEarlier(data, 6, record[..^5], earlierPath);

        Assert.Equal(0, reused);
        Assert.Equal(Fresh(data, 6), bytes);
    }

    /// <summary>Five whole chunks and a short one: text (deflated) with a random stretch (stored).</summary>
    private static byte[] Data()
    {
        var data = new byte[5 * Chunk + 4321];
        var words = "alpha beta gamma delta layer image context build cache stage copy run "u8.ToArray();
        for (var i = 0; i < data.Length; i++) data[i] = words[(i * 7 + i / 13) % words.Length];
        new Random(1).NextBytes(data.AsSpan(Chunk, Chunk));
        return data;
    }

    private (string Path, byte[] Record) WriteRecorded(byte[] data)
    {
        var path = Path.Combine(_tmp.Root, "earlier.gz");
        var log = new GzipMemberLog(6, Chunk);
        File.WriteAllBytes(path, Write(data, 6, log));
        Assert.Equal(6, log.Members.Count);
        return (path, log.Serialize());
    }

    private static (byte[] Bytes, int Reused) WriteWithEarlier(byte[] data, int level, byte[] record, string earlierPath)
    {
        using var earlier = File.OpenHandle(earlierPath);
        var log = new GzipMemberLog(level, Chunk, record, earlier);
        return (Write(data, level, log), log.Reused);
    }

    private static byte[] Fresh(byte[] data, int level) => Write(data, level, null);

    private static byte[] Write(byte[] data, int level, GzipMemberLog? log)
    {
        var output = new MemoryStream();
        using (var gzip = new ParallelGzipStream(output, level, leaveOpen: true, members: log))
        {
            foreach (var piece in data.Chunk(100_000)) gzip.Write(piece);
        }
        return output.ToArray();
    }
}
