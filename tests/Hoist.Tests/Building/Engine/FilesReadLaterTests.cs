using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Tests.Building.Engine;

/// <summary>A COPY or WORKDIR output is kept as files (a snapshot layer, its manifest entry the uncompressed tar) only
/// when a later step of the build reads it as files; otherwise it is written as a gzip blob as before.</summary>
public sealed class FilesReadLaterTests : IDisposable
{
    private readonly EngineHarness _engine = new();

    public FilesReadLaterTests()
    {
        _engine.File("a.txt", "one");
        _engine.File("b.txt", "two");
    }

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task The_last_copy_of_the_target_that_nothing_reads_is_a_gzip_blob()
    {
        var build = await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\n");

        var layer = Assert.Single(build.Result.Image!.Layers);
        Assert.Equal(LayerMediaTypes.OciTarGzip, layer.Blob.MediaType);
        Assert.True(_engine.Store.Contains(layer.Blob.Digest));
    }

    [Fact]
    public async Task A_copy_a_later_step_of_its_stage_reads_is_kept_as_files_and_the_last_is_a_blob()
    {
        var build = await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\nWORKDIR /w\nCOPY b.txt /\n");

        var layers = build.Result.Image!.Layers;
        Assert.Equal([LayerMediaTypes.OciTar, LayerMediaTypes.OciTar, LayerMediaTypes.OciTarGzip], layers.Select(l => l.Blob.MediaType));
        Assert.False(_engine.Store.Contains(layers[0].Blob.Digest));
        Assert.Equal("two", await _engine.ReadFileAsync(build, "b.txt"));
    }

    [Fact]
    public async Task A_copy_in_a_stage_another_stage_copies_from_is_kept_as_files()
    {
        var build = await _engine.BuildAsync("FROM scratch AS a\nCOPY a.txt /\nFROM scratch\nCOPY --from=a /a.txt /x\n");

        var stageLayer = build.Result.AllCacheEntries.Select(e => e.Layer).OfType<ImageLayer>()
            .Single(l => l.DiffId != build.Result.Image!.Layers[0].DiffId);
        Assert.Equal(LayerMediaTypes.OciTar, stageLayer.Blob.MediaType);
        Assert.Equal(LayerMediaTypes.OciTarGzip, build.Result.Image!.Layers[0].Blob.MediaType);
        Assert.Equal("one", await _engine.ReadFileAsync(build, "x"));
    }

    [Fact]
    public async Task The_same_copy_gives_the_same_diff_id_as_a_blob_or_as_files()
    {
        var alone = await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\n", noCache: true);
        var followed = await _engine.BuildAsync("FROM scratch\nCOPY a.txt /\nCOPY b.txt /\n", noCache: true);

        Assert.Equal(alone.Result.Image!.Layers[0].DiffId, followed.Result.Image!.Layers[0].DiffId);
    }
}
