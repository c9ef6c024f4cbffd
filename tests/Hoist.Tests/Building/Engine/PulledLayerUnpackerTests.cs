using Hoist.Analysis;
using Hoist.Archives;
using Hoist.Building.Engine;
using Hoist.Oci;
using Hoist.Posix;
using Hoist.Registry;
using Hoist.Snapshots;
using Hoist.Tests.Archives;
using Hoist.Tests.Content;

namespace Hoist.Tests.Building.Engine;

/// <summary>
/// A build's pull unpacks the layers of an image the build reads as files in the one pass that hashes them, and records
/// their sizes and files for the summary: the arriving bytes are read once, and nothing is left of a layer that lies.
/// </summary>
public sealed class PulledLayerUnpackerTests : IDisposable
{
    private static readonly ImageReference Image = ImageReference.Parse("registry.test/app:1");
    private readonly TestStore _store = new();
    private readonly LayerDirectories _layers;

    public PulledLayerUnpackerTests()
    {
        var snapshots = new SnapshotStore(Path.Combine(_store.Root, "snapshots"));
        _layers = new LayerDirectories(_store.Store, snapshots, new CopySnapshotter(Path.Combine(_store.Root, "runs")));
    }

    public void Dispose() => _store.Dispose();

    private PulledLayerUnpacker Unpacker(params ImageReference[] readAsFiles) =>
        new(_store.Store, _layers, readAsFiles.Select(r => r.ToString()).ToHashSet(), record: true);

    private static TarEntry Dir(string name, int mode = 0x1ED) => new() { Name = name, Type = TarEntryType.Directory, Mode = mode };

    private static TarEntry File(string name, int size = 5) => new() { Name = name, Type = TarEntryType.Regular, Mode = 0x1A4, Size = size };

    /// <summary>A layer as the registry serves it (not in the store: it is arriving), with its real diffID.</summary>
    private static (ImageLayer Layer, byte[] Blob) Layer(params TarEntry[] entries)
    {
        var tar = WhiteoutTests.Layer(entries).ToArray();
        var digest = Digest.Sha256(tar);
        return (new ImageLayer(new Descriptor { MediaType = LayerMediaTypes.For(LayerCompression.None), Digest = digest, Size = tar.Length }, digest), tar);
    }

    [Fact]
    public async Task Each_arriving_layer_is_read_once_into_its_snapshot_and_the_summary_needs_no_blob()
    {
        if (!Hoist.Tests.Archives.TempTree.IsRoot) return; // overlay whiteouts are device nodes: the unpack needs root
        var lower = Layer(Dir("tmp", 0x3FF), Dir("data"), File("data/hello"));
        var upper = Layer(File("tmp/x"), new TarEntry { Name = "link", Type = TarEntryType.HardLink, LinkTarget = "data/hello" });
        var layers = new[] { lower.Layer, upper.Layer };
        var unpacker = Unpacker(Image);
        using var lowerBytes = new CountingReadStream(new MemoryStream(lower.Blob, writable: false));
        using var upperBytes = new CountingReadStream(new MemoryStream(upper.Blob, writable: false));

        // The upper layer first: it waits for the lower one only where it needs it (its implied tmp/, its hard link).
        var upperRead = unpacker.ReadAsync(new ArrivingLayer(Image, layers, 1, AllArriving: true), upperBytes, CancellationToken.None);
        var lowerRead = unpacker.ReadAsync(new ArrivingLayer(Image, layers, 0, AllArriving: true), lowerBytes, CancellationToken.None);

        Assert.Equal([lower.Layer.DiffId, upper.Layer.DiffId], (await Task.WhenAll(lowerRead, upperRead)).Select(r => r.DiffId));
        Assert.NotNull((await upperRead).UnpackedIn);
        Assert.Equal((lower.Blob.Length, upper.Blob.Length), (lowerBytes.BytesRead, upperBytes.BytesRead));
        var top = _layers.Snapshots.PathFor(upper.Layer.DiffId);
        Assert.Equal(0x3FF, Native.LStat(Path.Combine(top, "tmp"))!.Value.Permissions);
        Assert.True(System.IO.File.Exists(Path.Combine(top, "link")));
        Assert.True(_layers.Snapshots.Contains(lower.Layer.DiffId));
        // The blobs are not even in the store: sizes and records come from the unpack.
        Assert.Equal(new LayerSize(upper.Blob.Length, 5), await LayerSizeIndex.GetAsync(_store.Store, upper.Layer.Blob.Digest, CancellationToken.None));
        Assert.NotNull(LayerRecordCache.UnderStateRoot(_store.Root).TryLoad(lower.Layer.Blob.Digest, LeftBehind.Recipe));
    }

    [Fact]
    public async Task A_layer_that_denies_its_diffID_leaves_no_snapshot_and_its_real_diffID_is_returned_for_the_pull_to_refuse()
    {
        if (!Hoist.Tests.Archives.TempTree.IsRoot) return;
        var genuine = Layer(File("bin/sh"));
        var lying = Layer(File("bin/evil"));
        var claimed = lying.Layer with { DiffId = genuine.Layer.DiffId };
        using var bytes = new CountingReadStream(new MemoryStream(lying.Blob, writable: false));

        var read = await Unpacker(Image).ReadAsync(new ArrivingLayer(Image, [claimed], 0, AllArriving: true), bytes, CancellationToken.None);

        Assert.Equal(new ArrivedLayer(lying.Layer.DiffId), read);
        Assert.Equal(lying.Blob.Length, bytes.BytesRead);
        Assert.False(_layers.Snapshots.Contains(genuine.Layer.DiffId));
        Assert.False(_layers.Snapshots.Contains(lying.Layer.DiffId));
        var temps = Path.Combine(_layers.Snapshots.Root, "tmp");
        Assert.True(!Directory.Exists(temps) || !Directory.EnumerateFileSystemEntries(temps).Any());
        Assert.Null(LayerRecordCache.UnderStateRoot(_store.Root).TryLoad(claimed.Blob.Digest, LeftBehind.Recipe));
    }

    [Fact]
    public async Task An_image_the_build_does_not_read_as_files_or_a_pull_of_some_layers_is_only_hashed()
    {
        var layer = Layer(File("bin/sh"));

        var other = await Unpacker().ReadAsync(new ArrivingLayer(Image, [layer.Layer], 0, AllArriving: true), new MemoryStream(layer.Blob), CancellationToken.None);
        var partial = await Unpacker(Image).ReadAsync(new ArrivingLayer(Image, [layer.Layer], 0, AllArriving: false), new MemoryStream(layer.Blob), CancellationToken.None);

        Assert.Equal((new ArrivedLayer(layer.Layer.DiffId), new ArrivedLayer(layer.Layer.DiffId)), (other, partial));
        Assert.False(_layers.Snapshots.Contains(layer.Layer.DiffId));
    }
}
