using Hoist.Archives;
using Hoist.Oci;
using Hoist.Posix;
using Hoist.Snapshots;
using Hoist.Tests.Archives;
using Hoist.Tests.Content;

namespace Hoist.Tests.Snapshots;

/// <summary>
/// Layers unpacked alone into the snapshot store (overlay form): refused unless their content hashes to their diffID,
/// whiteouts recorded only inside the layer directory, hard links to lower layers' files copied up.
/// </summary>
public sealed class LayerDirectoriesTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly TempTree _tmp = new();
    private readonly LayerDirectories _layers;

    public LayerDirectoriesTests()
    {
        var snapshots = new SnapshotStore(Path.Combine(_store.Root, "snapshots"));
        _layers = new LayerDirectories(_store.Store, snapshots, new CopySnapshotter(Path.Combine(_store.Root, "runs")));
    }

    public void Dispose()
    {
        _store.Dispose();
        _tmp.Dispose();
    }

    private static TarEntry File(string name, string content = "") => new() { Name = name, Type = TarEntryType.Regular, Mode = 0x1A4, Size = content.Length };

    private static TarEntry Link(string name, string target, TarEntryType type = TarEntryType.Symlink) => new() { Name = name, Type = type, LinkTarget = target };

    private async Task<ImageLayer> StoreAsync(params TarEntry[] entries)
    {
        var tar = WhiteoutTests.Layer(entries).ToArray();
        var blob = await _store.Store.WriteAsync(tar);
        return new ImageLayer(new Descriptor { MediaType = LayerMediaTypes.For(LayerCompression.None), Digest = blob.Digest, Size = blob.Size }, blob.Digest);
    }

    [Fact]
    public async Task A_layer_whose_content_denies_its_diffID_is_refused_and_nothing_is_kept()
    {
        var genuine = await StoreAsync(File("bin/sh"));
        var lying = (await StoreAsync(File("bin/evil"))) with { DiffId = genuine.DiffId };

        var error = await Assert.ThrowsAsync<DiffIdMismatchException>(() => _layers.LowerDirsAsync([lying], CancellationToken.None));

        Assert.Contains($"the image config says {genuine.DiffId}", error.Message);
        Assert.False(_layers.Snapshots.Contains(genuine.DiffId));
        var temps = Path.Combine(_layers.Snapshots.Root, "tmp");
        Assert.True(!Directory.Exists(temps) || !Directory.EnumerateFileSystemEntries(temps).Any());
        // The genuine layer still unpacks under its own diffID afterwards.
        var directory = Assert.Single(await _layers.LowerDirsAsync([genuine], CancellationToken.None));
        Assert.True(System.IO.File.Exists(Path.Combine(directory, "bin/sh")));
    }

    [Fact]
    public async Task Each_layer_really_extracted_is_reported_started_and_done_and_one_unpacked_before_is_not()
    {
        var lower = await StoreAsync(File("bin/sh"));
        var upper = await StoreAsync(File("etc/app"));
        await _layers.LowerDirsAsync([lower], CancellationToken.None);
        var reports = new List<LayerExtraction>();

        await _layers.ReportingTo(new Recorded(reports)).LowerDirsAsync([lower, upper], CancellationToken.None);
        await _layers.ReportingTo(new Recorded(reports)).LowerDirsAsync([lower, upper], CancellationToken.None);

        Assert.Equal(2, reports.Count);
        Assert.Equal((upper.Blob.Digest, false), (reports[0].Blob, reports[0].Elapsed.HasValue));
        Assert.Equal((upper.Blob.Digest, true), (reports[1].Blob, reports[1].Elapsed.HasValue));
    }

    /// <summary>Reports as they happen (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class Recorded(List<LayerExtraction> reports) : IProgress<LayerExtraction>
    {
        public void Report(LayerExtraction value)
        {
            lock (reports) reports.Add(value);
        }
    }

    [Fact]
    public async Task Whiteouts_under_a_same_layer_symlink_never_reach_the_host()
    {
        if (!TempTree.IsRoot) return; // overlay whiteouts are device nodes: mknod needs root
        var host = _tmp.Dir("host");
        _tmp.File("host/keep", "precious");
        var before = TempTree.Snapshot(_tmp.Root);
        var layer = await StoreAsync(Link("evil", host), File("evil/.wh.x"), File("evil/sub/.wh..wh..opq"), File("evil/.wh..wh..opq"));

        var directory = Assert.Single(await _layers.LowerDirsAsync([layer], CancellationToken.None));

        Assert.Equal(before, TempTree.Snapshot(_tmp.Root));
        var inside = Path.Combine(directory, host.TrimStart('/'));
        Assert.Equal(Hoist.Posix.FileStatus.Char, Native.LStat(Path.Combine(inside, "x"))!.Value.Type);
        Assert.Equal("y"u8.ToArray(), Native.GetXattr(Path.Combine(inside, "sub"), "trusted.overlay.opaque"));
    }

    [Fact]
    public async Task A_hard_link_to_a_file_of_a_lower_layer_is_copied_up_and_linked()
    {
        var lower = await StoreAsync(File("etc/data", "from below"), File("etc/gone", "x"));
        var upper = await StoreAsync(Link("bin/alias", "etc/data", TarEntryType.HardLink), File("etc/.wh.gone"));

        var directories = await _layers.LowerDirsAsync([lower, upper], CancellationToken.None);

        var top = directories[0];
        Assert.Equal(new string('\0', "from below".Length), System.IO.File.ReadAllText(Path.Combine(top, "bin/alias")));
        var alias = Native.LStat(Path.Combine(top, "bin/alias"))!.Value;
        Assert.Equal(alias.Inode, Native.LStat(Path.Combine(top, "etc/data"))!.Value.Inode);
        Assert.Equal(0x1A4, alias.Permissions);
        Assert.True(System.IO.File.Exists(Path.Combine(directories[1], "etc/data")));
    }

    [Fact]
    public async Task A_hard_link_to_a_file_a_middle_layer_deleted_is_refused()
    {
        var bottom = await StoreAsync(File("etc/data", "x"));
        var middle = await StoreAsync(File("etc/.wh.data"));
        var top = await StoreAsync(Link("h", "etc/data", TarEntryType.HardLink));
        if (!TempTree.IsRoot) return;

        var error = await Assert.ThrowsAsync<LayerApplyException>(() => _layers.LowerDirsAsync([bottom, middle, top], CancellationToken.None));

        Assert.Contains("does not exist", error.Message);
    }
}
