using Hoist.Archives;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Tests.Building.Engine;

/// <summary>The one path that gives snapshot layers their blobs (<see cref="SnapshotLayerCompressor"/>), on a single
/// image and on a multi-platform index: every layer a gzip blob afterwards, the names moved, the image IDs kept.</summary>
public sealed class SnapshotCompressionTests : IDisposable
{
    private const string TwoCopies = "FROM scratch\nCOPY a.txt /\nCOPY b.txt /\n";

    private readonly EngineHarness _engine = new();

    public SnapshotCompressionTests()
    {
        _engine.File("a.txt", "one");
        _engine.File("b.txt", "two");
    }

    public void Dispose() => _engine.Dispose();

    private SnapshotLayerCompressor Compressor => new(new SnapshotLayers(_engine.Store));

    [Fact]
    public async Task An_image_gets_a_manifest_of_gzip_blobs_its_name_moves_and_its_id_stays()
    {
        var build = await _engine.BuildAsync(TwoCopies, tags: ["app:1"]);
        var before = await _engine.Store.LoadImageAsync(build.Result.ManifestDigest);
        Assert.Equal(LayerMediaTypes.OciTar, before.Manifest.Manifest.Layers[0].MediaType);

        var after = await Compressor.CompressAsync(before, CancellationToken.None);

        Assert.NotEqual(before.Target.Digest, after.Target.Digest);
        Assert.Equal(before.Id, after.Id);
        Assert.All(after.Manifest.Manifest.Layers, l => Assert.Equal(LayerMediaTypes.OciTarGzip, l.MediaType));
        Assert.All(after.Manifest.Manifest.Layers, l => Assert.True(_engine.Store.Contains(l.Digest)));
        Assert.Equal(after.Target.Digest, _engine.Store.Names.Lookup(ImageReference.Parse("app:1")));
    }

    [Fact]
    public async Task An_index_is_written_again_over_its_compressed_images_keeping_platforms()
    {
        var build = await _engine.BuildAsync(TwoCopies, platforms: "linux/amd64,linux/arm64", tags: ["app:multi"]);
        var before = await _engine.Store.LoadImageAsync(build.Result.ManifestDigest);
        var compressor = Compressor;
        Assert.True(await compressor.HasSnapshotLayersAsync(before, CancellationToken.None));

        var after = await compressor.CompressAsync(before, CancellationToken.None);

        var index = Assert.IsType<StoredIndex>(after.Target);
        Assert.Equal(index.Digest, compressor.Replaced[before.Target.Digest]);
        Assert.Equal(index.Digest, _engine.Store.Names.Lookup(ImageReference.Parse("app:multi")));
        Assert.Equal(["linux/amd64", "linux/arm64"], index.Index.Manifests.Select(m => m.Platform!.ToString()));
        foreach (var platform in index.Index.Manifests.Select(m => m.Platform!))
        {
            var image = await _engine.Store.LoadImageAsync(index.Digest, platform);
            Assert.All(image.Manifest.Manifest.Layers, l => Assert.Equal(LayerMediaTypes.OciTarGzip, l.MediaType));
        }
        Assert.False(await compressor.HasSnapshotLayersAsync(after, CancellationToken.None));
    }

    [Fact]
    public async Task Snapshot_layers_get_the_compression_the_output_asks_for()
    {
        var build = await _engine.BuildAsync(TwoCopies, tags: ["app:zstd"]);
        var before = await _engine.Store.LoadImageAsync(build.Result.ManifestDigest);

        var after = await new SnapshotLayerCompressor(new SnapshotLayers(_engine.Store), new LayerWriteOptions { Compression = LayerCompression.Zstd })
            .CompressAsync(before, CancellationToken.None);

        // The first COPY is read by the next one, so it was kept as a snapshot; the last was written as a gzip blob
        // at once (the build's format) and, unforced, keeps it.
        Assert.Equal([LayerMediaTypes.OciTar, LayerMediaTypes.OciTarGzip], before.Manifest.Manifest.Layers.Select(l => l.MediaType));
        Assert.Equal([LayerMediaTypes.OciTarZstd, LayerMediaTypes.OciTarGzip], after.Manifest.Manifest.Layers.Select(l => l.MediaType));
        Assert.Equal(before.Id, after.Id);
    }

    [Theory]
    [InlineData(LayerCompression.Zstd, LayerMediaTypes.OciTarZstd)]
    [InlineData(LayerCompression.None, LayerMediaTypes.OciTar)]
    public async Task Forced_compression_writes_a_base_images_gzip_blobs_again_with_the_same_diff_ids(LayerCompression compression, string mediaType)
    {
        await _engine.WriteImageAsync("example.test/base:1", new Dictionary<string, string> { ["f"] = "base file" }, new ContainerConfig());
        var build = await _engine.BuildAsync("FROM example.test/base:1\nCOPY a.txt /\n", tags: ["app:forced"]);
        var before = await _engine.Store.LoadImageAsync(build.Result.ManifestDigest);
        Assert.Equal(LayerMediaTypes.OciTarGzip, before.Manifest.Manifest.Layers[0].MediaType);
        var options = new LayerWriteOptions { Compression = compression };

        var unforced = await new SnapshotLayerCompressor(new SnapshotLayers(_engine.Store), options).CompressAsync(before, CancellationToken.None);
        var forced = await new SnapshotLayerCompressor(new SnapshotLayers(_engine.Store), options, force: true).CompressAsync(unforced, CancellationToken.None);

        Assert.Equal(LayerMediaTypes.OciTarGzip, unforced.Manifest.Manifest.Layers[0].MediaType);
        Assert.All(forced.Manifest.Manifest.Layers, l => Assert.Equal(mediaType, l.MediaType));
        Assert.Equal(before.Id, forced.Id);
        Assert.Equal(forced.Target.Digest, _engine.Store.Names.Lookup(ImageReference.Parse("app:forced")));
        var layer = forced.Manifest.Manifest.Layers[0];
        await using var blob = _engine.Store.OpenRead(layer.Digest);
        var tar = new MemoryStream();
        await using (var read = LayerCompressionCodec.OpenRead(blob)) await read.CopyToAsync(tar);
        Assert.Equal(before.Config.Config.RootFs.DiffIds[0], Digest.Sha256(tar.ToArray()));
    }
}
