using System.IO.Compression;
using Hoist.Analysis;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Tests.Content;

namespace Hoist.Tests.Analysis;

/// <summary>A layer's sizes are measured once and remembered in the state directory (cache/layer-sizes).</summary>
public sealed class LayerSizeIndexTests
{
    [Fact]
    public async Task The_content_size_counts_file_bytes_and_symlink_targets_and_both_sizes_are_remembered()
    {
        using var test = new TestStore();
        var blob = await WriteLayerAsync(test.Store, 300_001);

        var size = await LayerSizeIndex.GetAsync(test.Store, blob.Digest, CancellationToken.None);

        Assert.Equal(300_001 + "target".Length, size.Content);
        Assert.Equal(0, size.Tar % 512);
        Assert.True(size.Tar > 300_001 + 3 * 512, "the tar stream includes headers and end blocks");
        var memo = Path.Combine(test.Root, "cache", "layer-sizes", blob.Digest.Hex);
        Assert.Equal($"{size.Tar} {size.Content}", File.ReadAllText(memo));
        Assert.Empty(Directory.GetFiles(Path.Combine(test.Root, "cache", "layer-sizes"), "*.tmp"));
    }

    [Fact]
    public async Task A_remembered_size_is_used_without_reading_the_blob_and_an_old_or_garbled_memo_is_measured_again()
    {
        using var test = new TestStore();
        var remembered = await WriteLayerAsync(test.Store, 1234);
        var old = await WriteLayerAsync(test.Store, 4321);
        var directory = Directory.CreateDirectory(Path.Combine(test.Root, "cache", "layer-sizes")).FullName;
        File.WriteAllText(Path.Combine(directory, remembered.Digest.Hex), "7777 777");
        File.WriteAllText(Path.Combine(directory, old.Digest.Hex), "4321");

        // Blobs never change, so the memo wins: 777 proves the blob was not decompressed.
        Assert.Equal(777, (await LayerSizeIndex.GetAsync(test.Store, remembered.Digest, CancellationToken.None)).Content);
        Assert.Equal(4321 + 6, (await LayerSizeIndex.GetAsync(test.Store, old.Digest, CancellationToken.None)).Content);
        Assert.EndsWith($" {4321 + 6}", File.ReadAllText(Path.Combine(directory, old.Digest.Hex)));
    }

    [Fact]
    public async Task A_blob_that_is_not_a_tar_is_a_one_line_error_naming_it()
    {
        using var test = new TestStore();
        var blob = await test.Store.WriteAsync("not a tar at all"u8.ToArray());

        var error = await Assert.ThrowsAsync<HoistException>(() => LayerSizeIndex.GetAsync(test.Store, blob.Digest, CancellationToken.None));

        Assert.StartsWith($"layer {blob.Digest}: ", error.Message);
    }

    private static async Task<BlobInfo> WriteLayerAsync(ContentStore store, int length)
    {
        var data = new byte[length];
        Random.Shared.NextBytes(data);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new PaxTarWriter(gzip, leaveOpen: true))
        {
            tar.WriteEntry(new TarEntry { Name = "data", Type = TarEntryType.Regular, Mode = 0x1A4, Size = length }, new MemoryStream(data));
            tar.WriteEntry(new TarEntry { Name = "link", Type = TarEntryType.Symlink, Mode = 0x1FF, LinkTarget = "target" }, null);
        }
        buffer.Position = 0;
        return await store.WriteAsync(buffer);
    }
}
