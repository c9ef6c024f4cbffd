using System.Text;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Tests.Content;

public sealed class BlobStoreTests : IDisposable
{
    private readonly TestStore _test = new();

    private ContentStore Store => _test.Store;

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task Written_blob_lands_at_blobs_sha256_hex_and_reads_back()
    {
        var content = Encoding.UTF8.GetBytes("hello layer");

        var blob = await Store.WriteAsync(content);

        Assert.Equal(Digest.Sha256(content), blob.Digest);
        Assert.Equal(content.Length, blob.Size);
        Assert.Equal(Path.Combine(_test.Root, "blobs", "sha256", blob.Digest.Hex), Store.BlobPath(blob.Digest));
        Assert.Equal(content, await File.ReadAllBytesAsync(Store.BlobPath(blob.Digest)));
        Assert.Equal(content, await Store.ReadBytesAsync(blob.Digest));
        Assert.True(Store.Contains(blob.Digest));
        Assert.Equal(content.Length, Store.SizeOf(blob.Digest));
        Assert.Equal(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = blob.Digest, Size = content.Length }, blob.ToDescriptor(MediaTypes.OciLayer));
        Assert.Empty(Directory.GetFiles(_test.IngestDirectory));
    }

    [Fact]
    public async Task Wrong_digest_stores_nothing_and_leaves_no_temp_file()
    {
        var claimed = Digest.Sha256("something else"u8);

        var error = await Assert.ThrowsAsync<HoistException>(() => Store.WriteAsync(new MemoryStream("actual"u8.ToArray()), claimed));

        Assert.Equal($"digest mismatch: expected {claimed}, got {Digest.Sha256("actual"u8)}", error.Message);
        Assert.False(Store.Contains(claimed));
        Assert.False(Store.Contains(Digest.Sha256("actual"u8)));
        Assert.Empty(Store.EnumerateBlobs());
        Assert.Empty(Directory.GetFiles(_test.IngestDirectory));
    }

    [Fact]
    public async Task Wrong_size_stores_nothing_whether_too_short_or_too_long()
    {
        var content = "twelve bytes"u8.ToArray();
        var digest = Digest.Sha256(content);

        await Assert.ThrowsAsync<HoistException>(() => Store.WriteAsync(new MemoryStream(content), digest, expectedSize: 13));
        await Assert.ThrowsAsync<HoistException>(() => Store.WriteAsync(new MemoryStream(content), digest, expectedSize: 5));

        Assert.False(Store.Contains(digest));
        Assert.Empty(Directory.GetFiles(_test.IngestDirectory));
    }

    [Fact]
    public async Task Streaming_writer_hashes_as_it_goes_and_publishes_only_on_commit()
    {
        var parts = Enumerable.Range(0, 50).Select(i => Encoding.UTF8.GetBytes($"chunk {i};")).ToList();
        var whole = parts.SelectMany(p => p).ToArray();

        await using var writer = Store.BeginWrite(Digest.Sha256(whole), whole.Length);
        foreach (var part in parts) await writer.WriteAsync(part);
        Assert.True(File.Exists(writer.TempPath));
        Assert.Empty(Store.EnumerateBlobs());
        var blob = await writer.CommitAsync();

        Assert.Equal(new BlobInfo(Digest.Sha256(whole), whole.Length), blob);
        Assert.Equal(whole, await Store.ReadBytesAsync(blob.Digest));
        Assert.False(File.Exists(writer.TempPath));
    }

    [Fact]
    public async Task Abandoned_writer_deletes_its_temp_file()
    {
        string temp;
        await using (var writer = Store.BeginWrite())
        {
            writer.Write("partial"u8);
            temp = writer.TempPath;
            Assert.True(File.Exists(temp));
        }

        Assert.False(File.Exists(temp));
        Assert.Empty(Store.EnumerateBlobs());
    }

    [Fact]
    public async Task Known_blob_is_not_read_again()
    {
        var blob = await Store.WriteAsync("already here"u8.ToArray());

        var again = await Store.WriteAsync(new UnreadableStream(), blob.Digest, blob.Size);

        Assert.Equal(blob, again);
    }

    [Fact]
    public async Task Corrupted_blob_is_reported_on_read()
    {
        var blob = await Store.WriteAsync("original"u8.ToArray());
        File.SetAttributes(Store.BlobPath(blob.Digest), FileAttributes.Normal);
        await File.WriteAllTextAsync(Store.BlobPath(blob.Digest), "tampered");

        var error = await Assert.ThrowsAsync<HoistException>(() => Store.ReadBytesAsync(blob.Digest));

        Assert.Contains("corrupted", error.Message);
    }

    [Fact]
    public async Task Missing_blob_is_a_user_error()
    {
        var digest = Digest.Sha256("absent"u8);

        Assert.Equal($"blob {digest} not found", (await Assert.ThrowsAsync<HoistException>(() => Store.ReadBytesAsync(digest))).Message);
        Assert.Throws<HoistException>(() => Store.OpenRead(digest));
    }

    [Fact]
    public async Task Killed_writers_temp_file_is_never_a_blob_and_the_next_open_removes_it()
    {
        // A writer killed mid-write leaves an unlocked temp file (the kernel drops its lock when it dies).
        var content = "half a layer"u8.ToArray();
        var leftover = Path.Combine(_test.IngestDirectory, "killed.tmp");
        await File.WriteAllBytesAsync(leftover, content);
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow - ContentStore.StaleIngestAge - TimeSpan.FromSeconds(1));

        Assert.False(Store.Contains(Digest.Sha256(content)));
        Assert.Empty(Store.EnumerateBlobs());

        _test.Reopen();

        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task Cleaning_spares_a_live_writers_temp_file_and_a_just_created_one()
    {
        await using var live = Store.BeginWrite();
        live.Write("in progress"u8);
        File.SetLastWriteTimeUtc(live.TempPath, DateTime.UtcNow - ContentStore.StaleIngestAge - TimeSpan.FromSeconds(1));
        var young = Path.Combine(_test.IngestDirectory, "young.tmp");
        await File.WriteAllTextAsync(young, "just opened, not locked yet");

        var removed = Store.CleanStaleIngests();

        Assert.Equal(0, removed);
        Assert.True(File.Exists(live.TempPath));
        Assert.True(File.Exists(young));
        live.Write(" and done"u8);
        var blob = await live.CommitAsync();
        Assert.Equal("in progress and done", Encoding.UTF8.GetString(await Store.ReadBytesAsync(blob.Digest)));
    }

    [Fact]
    public async Task Many_concurrent_writers_of_the_same_and_different_blobs_all_succeed()
    {
        var shared = Encoding.UTF8.GetBytes(new string('s', 100_000));
        var tasks = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            var same = await Store.WriteAsync(new MemoryStream(shared), Digest.Sha256(shared), shared.Length);
            var own = await Store.WriteAsync(Encoding.UTF8.GetBytes($"blob number {i}"));
            return (same, own);
        })).ToList();

        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Equal(Digest.Sha256(shared), r.same.Digest));
        Assert.Equal(32, results.Select(r => r.own.Digest).Distinct().Count());
        Assert.Equal(33, Store.EnumerateBlobs().Count());
        Assert.Equal(shared, await Store.ReadBytesAsync(Digest.Sha256(shared)));
        Assert.Empty(Directory.GetFiles(_test.IngestDirectory));
    }

    [Fact]
    public async Task Stored_documents_are_written_byte_exact()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n   \"schemaVersion\": 2,\n   \"manifests\": []\n}");
        var index = StoredIndex.FromBytes(bytes);

        await Store.WriteAsync(index);
        var read = await Store.ReadDocumentAsync(index.Digest);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(Store.BlobPath(index.Digest)));
        Assert.Equal(bytes, read.Bytes);
        Assert.IsType<StoredIndex>(read);
    }

    private sealed class UnreadableStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("must not be read");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
