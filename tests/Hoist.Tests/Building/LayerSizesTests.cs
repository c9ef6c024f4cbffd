using System.IO.Compression;
using Hoist.Building.Engine;
using Hoist.Content;
using Hoist.Tests.Content;

namespace Hoist.Tests.Building;

/// <summary>A layer's uncompressed size is measured once and remembered in the state directory (cache/layer-sizes).</summary>
public sealed class LayerSizesTests
{
    [Fact]
    public async Task The_size_is_the_decompressed_length_and_is_remembered_in_the_state_directory()
    {
        using var test = new TestStore();
        var blob = await WriteGzipAsync(test.Store, 300_001);

        Assert.Equal(300_001, await LayerSizes.UncompressedAsync(test.Store, blob.Digest, CancellationToken.None));

        var memo = Path.Combine(test.Root, "cache", "layer-sizes", blob.Digest.Hex);
        Assert.Equal("300001", File.ReadAllText(memo));
        Assert.Empty(Directory.GetFiles(Path.Combine(test.Root, "cache", "layer-sizes"), "*.tmp"));
    }

    [Fact]
    public async Task A_remembered_size_is_used_without_reading_the_blob_and_a_garbled_one_is_measured_again()
    {
        using var test = new TestStore();
        var remembered = await WriteGzipAsync(test.Store, 1234);
        var garbled = await WriteGzipAsync(test.Store, 4321);
        var directory = Directory.CreateDirectory(Path.Combine(test.Root, "cache", "layer-sizes")).FullName;
        File.WriteAllText(Path.Combine(directory, remembered.Digest.Hex), "777");
        File.WriteAllText(Path.Combine(directory, garbled.Digest.Hex), "12x");

        // Blobs never change, so the memo wins: 777 proves the blob was not decompressed.
        Assert.Equal(777, await LayerSizes.UncompressedAsync(test.Store, remembered.Digest, CancellationToken.None));
        Assert.Equal(4321, await LayerSizes.UncompressedAsync(test.Store, garbled.Digest, CancellationToken.None));
        Assert.Equal("4321", File.ReadAllText(Path.Combine(directory, garbled.Digest.Hex)));
    }

    private static async Task<BlobInfo> WriteGzipAsync(ContentStore store, int length)
    {
        var data = new byte[length];
        Random.Shared.NextBytes(data);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        buffer.Position = 0;
        return await store.WriteAsync(buffer);
    }
}
