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
}
