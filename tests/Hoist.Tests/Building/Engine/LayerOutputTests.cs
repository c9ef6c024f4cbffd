using Hoist.Archives;
using Hoist.Building.Engine;
using Hoist.Oci;
using Hoist.Snapshots;
using Hoist.Tests.Content;

namespace Hoist.Tests.Building.Engine;

/// <summary>Layers written as blobs remember their sizes on the way, so the build's summary reads nothing again.</summary>
public sealed class LayerOutputTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly string _source = Path.Combine(Path.GetTempPath(), "hoist-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _store.Dispose();
        File.Delete(_source);
    }

    [Fact]
    public async Task A_blob_layer_s_tar_and_content_sizes_are_remembered_as_it_is_written()
    {
        File.WriteAllText(_source, "hello");
        var output = new LayerOutput(_store.Store, new SnapshotLayers(_store.Store), new LayerWriteOptions());
        LayerItem[] items =
        [
            new(new TarEntry { Name = "d", Type = TarEntryType.Directory, Mode = 0b111_101_101 }),
            new(new TarEntry { Name = "d/a.txt", Type = TarEntryType.Regular, Mode = 0b110_100_100, Size = 5 }, _source),
        ];

        var layer = await output.WriteAsync(items, CancellationToken.None);

        var memo = Path.Combine(_store.Root, "cache", "layer-sizes", layer.Blob.Digest.Hex);
        Assert.Equal($"{TarLength(layer)} 5", File.ReadAllText(memo));
    }

    [Fact]
    public async Task A_blob_layer_s_gzip_members_are_recorded_for_the_next_build_of_its_step_unless_it_is_one_small_member()
    {
        var random = new byte[1_500_000];
        new Random(3).NextBytes(random);
        File.WriteAllBytes(_source, random);
        var output = new LayerOutput(_store.Store, new SnapshotLayers(_store.Store), new LayerWriteOptions());
        LayerItem[] items = [new(new TarEntry { Name = "a.bin", Type = TarEntryType.Regular, Mode = 0b110_100_100, Size = random.Length }, _source)];
        var small = _source + ".small";
        File.WriteAllText(small, "hello");
        LayerItem[] smallItems = [new(new TarEntry { Name = "a.txt", Type = TarEntryType.Regular, Mode = 0b110_100_100, Size = 5 }, small)];

        var first = await output.WriteAsync(items, CancellationToken.None);
        var again = await output.WriteAsync(items, CancellationToken.None, previous: first.Blob);
        var tiny = await output.WriteAsync(smallItems, CancellationToken.None);
        File.Delete(small);

        Assert.Equal(first.Blob.Digest, again.Blob.Digest);
        Assert.True(File.Exists(Path.Combine(_store.Root, "cache", "gzip-members", first.Blob.Digest.Hex)));
        Assert.False(File.Exists(Path.Combine(_store.Root, "cache", "gzip-members", tiny.Blob.Digest.Hex)));
    }

    private long TarLength(ImageLayer layer)
    {
        using var blob = _store.Store.OpenRead(layer.Blob.Digest);
        using var tar = LayerCompressionCodec.OpenRead(blob);
        var length = 0L;
        var buffer = new byte[4096];
        int read;
        while ((read = tar.Read(buffer)) > 0) length += read;
        return length;
    }
}
