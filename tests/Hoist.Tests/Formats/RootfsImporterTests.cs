using System.IO.Compression;
using Hoist.Archives;
using Hoist.Formats;
using Hoist.Oci;
using Hoist.Tests.Content;

namespace Hoist.Tests.Formats;

public sealed class RootfsImporterTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task UncompressedRootfsBecomesOneGzipLayerWhoseDiffIdIsTheTar()
    {
        var rootfs = TarBuilder.Rootfs();
        var loaded = await FormatTestImages.ImportRootfsAsync(_store.Store, new MemoryStream(rootfs), new RootfsImportOptions
        {
            Reference = ImageReference.Parse("imported:1"),
            Created = FormatTestImages.Created,
            Config = new ContainerConfig { Cmd = ["sh"] },
        });

        var image = await _store.Store.ResolveImageAsync("imported:1");
        Assert.Equal(loaded.Id, image.Id);
        var layer = Assert.Single(image.Manifest.Manifest.Layers);
        Assert.Equal(LayerMediaTypes.OciTarGzip, layer.MediaType);
        Assert.Equal([Digest.Sha256(rootfs)], image.Config.Config.RootFs.DiffIds);
        await using (var blob = _store.Store.OpenRead(layer.Digest))
        await using (var gzip = new GZipStream(blob, CompressionMode.Decompress))
        {
            var unpacked = new MemoryStream();
            await gzip.CopyToAsync(unpacked);
            Assert.Equal(rootfs, unpacked.ToArray());
        }
        Assert.Equal(Platform.Host.Architecture, image.Config.Config.Architecture);
        Assert.Equal("linux", image.Config.Config.Os);
        var history = Assert.Single(image.Config.Config.History!);
        Assert.Equal("Imported from -", history.Comment);
        Assert.Equal(FormatTestImages.Created, history.Created);
        Assert.Equal(["sh"], image.Config.Config.Config!.Cmd);
    }

    [Fact]
    public async Task SameRootfsGivesTheSameImage()
    {
        var first = await FormatTestImages.ImportAsync(_store.Store, "a:1");
        var second = await FormatTestImages.ImportAsync(_store.Store, "b:1");
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Target, second.Target);
    }

    [Fact]
    public async Task GzipRootfsIsStoredAsGiven()
    {
        var rootfs = TarBuilder.Rootfs();
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(rootfs);
        var loaded = await FormatTestImages.ImportRootfsAsync(_store.Store, new MemoryStream(gzipped.ToArray()), new RootfsImportOptions());

        // Unnamed images are not found by ID (the store resolves through names), so read the manifest directly.
        var manifest = (StoredManifest)await _store.Store.ReadDocumentAsync(loaded.Target);
        Assert.Equal(Digest.Sha256(gzipped.ToArray()), manifest.Manifest.Layers[0].Digest);
        Assert.Equal([Digest.Sha256(rootfs)], (await _store.Store.ReadConfigAsync(loaded.Id)).Config.RootFs.DiffIds);
        Assert.Null(loaded.Reference);
    }

    [Fact]
    public async Task NotATarIsRefusedAndNothingIsNamed()
    {
        var junk = new byte[2048];
        junk.AsSpan().Fill((byte)'x');
        var e = await Assert.ThrowsAsync<HoistException>(() =>
            RootfsImporter.ImportAsync(_store.Store, new MemoryStream(junk), new RootfsImportOptions { Reference = ImageReference.Parse("bad:1") }));
        Assert.Contains("not a valid tar", e.Message);
        Assert.Empty(_store.Store.Names.List());
        Assert.Empty(_store.Store.EnumerateBlobs());
    }

    [Fact]
    public async Task EmptyInputIsRefused()
    {
        var e = await Assert.ThrowsAsync<HoistException>(() => RootfsImporter.ImportAsync(_store.Store, new MemoryStream(), new RootfsImportOptions()));
        Assert.Contains("empty", e.Message);
    }
}
