using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.IntegrationTests.Snapshots;

/// <summary>Overlay and copy snapshots on the real kernel: many layers, scratch, whiteouts read back by the copy merger.</summary>
public sealed class SnapshotterTests : IClassFixture<BusyboxRootfs>
{
    private readonly BusyboxRootfs _busybox;

    public SnapshotterTests(BusyboxRootfs busybox)
    {
        _busybox = busybox;
    }

    /// <summary>Makes <paramref name="count"/> layers (top first); each has its own file and its own version of shared.txt.</summary>
    private List<string> MakeLayers(int count, string nameSuffix)
    {
        var root = _busybox.NewDirectory("layers");
        var layers = new List<string>();
        for (var i = count - 1; i >= 0; i--)
        {
            var layer = Path.Combine(root, $"layer-{i:D3}{nameSuffix}");
            Directory.CreateDirectory(layer);
            File.WriteAllText(Path.Combine(layer, $"file{i}"), $"{i}");
            File.WriteAllText(Path.Combine(layer, "shared.txt"), $"{i}");
            layers.Add(layer);
        }
        return layers;
    }

    private static void AssertSeesAllLayers(string root, int count)
    {
        for (var i = 0; i < count; i++) Assert.Equal($"{i}", File.ReadAllText(Path.Combine(root, $"file{i}")));
        Assert.Equal($"{count - 1}", File.ReadAllText(Path.Combine(root, "shared.txt")));
    }

    [RootFact]
    public async Task Overlay_mounts_120_layers_with_long_paths()
    {
        // ~100-character layer paths: 120 of them are far more than one page of mount options.
        var layers = MakeLayers(120, "-" + new string('x', 60));
        Assert.True(string.Join(':', layers).Length > Environment.SystemPageSize);
        var snapshotter = new OverlaySnapshotter(_busybox.NewDirectory("runs"));

        await using var snapshot = await snapshotter.PrepareAsync(layers, CancellationToken.None);

        AssertSeesAllLayers(snapshot.RootPath, 120);
        File.WriteAllText(Path.Combine(snapshot.RootPath, "shared.txt"), "changed");
        Assert.Equal("changed", File.ReadAllText(Path.Combine(snapshot.UpperPath!, "shared.txt")));
        Assert.Equal("119", File.ReadAllText(Path.Combine(layers[0], "shared.txt")));
    }

    [RootFact]
    public async Task Overlay_splits_into_intermediate_mounts_when_options_are_small()
    {
        var layers = MakeLayers(40, "");
        var snapshotter = new OverlaySnapshotter(_busybox.NewDirectory("runs")) { OptionsLimit = 700 };

        var snapshot = await snapshotter.PrepareAsync(layers, CancellationToken.None);
        AssertSeesAllLayers(snapshot.RootPath, 40);
        var mountsDuring = File.ReadAllText("/proc/self/mountinfo");
        await snapshot.DisposeAsync();

        Assert.Contains(snapshot.RootPath, mountsDuring);
        Assert.Contains(Path.Combine(Path.GetDirectoryName(snapshot.RootPath)!, "l0"), mountsDuring);
        var mountsAfter = File.ReadAllText("/proc/self/mountinfo");
        Assert.DoesNotContain(Path.GetDirectoryName(snapshot.RootPath)!, mountsAfter);
        Assert.False(Directory.Exists(Path.GetDirectoryName(snapshot.RootPath)));
    }

    [RootFact]
    public async Task The_run_overlay_is_volatile_so_unmounting_it_does_not_sync_the_disk()
    {
        var snapshotter = new OverlaySnapshotter(_busybox.NewDirectory("runs"));

        await using var snapshot = await snapshotter.PrepareAsync(MakeLayers(2, ""), CancellationToken.None);

        var line = File.ReadLines("/proc/self/mountinfo").Single(l => l.Split(' ')[4] == snapshot.RootPath);
        // Shown as "volatile" before Linux 6.5 and as "fsync=volatile" since.
        Assert.Contains(line.Split(" - ")[1].Split(' ')[2].Split(','), option => option is "volatile" or "fsync=volatile");
    }

    [RootFact]
    public async Task Overlay_works_with_no_lower_layers()
    {
        var snapshotter = new OverlaySnapshotter(_busybox.NewDirectory("runs"));

        await using var snapshot = await snapshotter.PrepareAsync([], CancellationToken.None);
        File.WriteAllText(Path.Combine(snapshot.RootPath, "hello"), "scratch");
        await snapshot.UnmountAsync();

        Assert.Equal("scratch", File.ReadAllText(Path.Combine(snapshot.UpperPath!, "hello")));
        Assert.Empty(snapshot.LowerDirs);
    }

    [RootFact]
    public async Task Copy_merges_overlay_whiteouts_and_opaque_directories_from_layers()
    {
        // Make a real overlay upper directory with a whiteout and an opaque directory, then use it as a layer.
        var overlay = new OverlaySnapshotter(_busybox.NewDirectory("runs"));
        await using var first = await WhiteoutLayerAsync(overlay);

        var copy = new CopySnapshotter(_busybox.NewDirectory("copies"));
        await using var snapshot = await copy.PrepareAsync([first.UpperPath!, _busybox.LowerPath], CancellationToken.None);

        foreach (var root in new[] { snapshot.RootPath, snapshot.PristinePath! })
        {
            Assert.Null(Native.LStat(Path.Combine(root, "bin", "ls")));
            Assert.NotNull(Native.LStat(Path.Combine(root, "bin", "cat")));
            Assert.Equal(["fresh"], Directory.GetFileSystemEntries(Path.Combine(root, "home")).Select(Path.GetFileName));
            Assert.Null(Native.GetXattr(Path.Combine(root, "home"), "trusted.overlay.opaque"));
        }
    }

    [RootFact]
    public async Task A_read_only_view_merges_whiteouts_refuses_writes_and_leaves_nothing_behind()
    {
        var overlay = new OverlaySnapshotter(_busybox.NewDirectory("runs"));
        await using var first = await WhiteoutLayerAsync(overlay);
        var work = _busybox.NewDirectory("views");

        var view = await new OverlaySnapshotter(work).OpenReadOnlyAsync([first.UpperPath!, _busybox.LowerPath], CancellationToken.None);

        Assert.Null(Native.LStat(Path.Combine(view.Path, "bin", "ls")));
        Assert.NotNull(Native.LStat(Path.Combine(view.Path, "bin", "cat")));
        Assert.Equal(["fresh"], Directory.GetFileSystemEntries(Path.Combine(view.Path, "home")).Select(Path.GetFileName));
        Assert.Throws<IOException>(() => File.WriteAllText(Path.Combine(view.Path, "new"), ""));
        Assert.Equal([view.Path], Directory.GetFileSystemEntries(work)); // no upper or work directory beside it
        await view.DisposeAsync();
        Assert.DoesNotContain(view.Path, File.ReadAllText("/proc/self/mountinfo"));
        Assert.Empty(Directory.GetFileSystemEntries(work));
    }

    [RootFact]
    public async Task Copy_snapshot_keeps_owners_and_the_pristine_view_apart()
    {
        var copy = new CopySnapshotter(_busybox.NewDirectory("copies"));

        await using var snapshot = await copy.PrepareAsync([_busybox.LowerPath], CancellationToken.None);
        File.WriteAllText(Path.Combine(snapshot.RootPath, "etc", "passwd"), "changed");

        var home = Native.LStat(Path.Combine(snapshot.RootPath, "home", "nonroot"))!.Value;
        Assert.Equal(65532, home.Uid);
        Assert.NotEqual("changed", File.ReadAllText(Path.Combine(snapshot.PristinePath!, "etc", "passwd")));
        Assert.NotEqual("changed", File.ReadAllText(Path.Combine(_busybox.LowerPath, "etc", "passwd")));
    }

    [RootFact]
    public async Task Auto_falls_back_to_copy_where_overlay_cannot_mount()
    {
        // An overlay upper directory cannot itself live on overlayfs: the probe mount fails and copy is chosen.
        await using var outer = await new OverlaySnapshotter(_busybox.NewDirectory("outer")).PrepareAsync([], CancellationToken.None);
        var auto = new AutoSnapshotter(Path.Combine(outer.RootPath, "state"));

        await using var snapshot = await auto.PrepareAsync([_busybox.LowerPath], CancellationToken.None);

        Assert.Equal(SnapshotKind.Copy, auto.Kind);
        Assert.True(File.Exists(Path.Combine(snapshot.RootPath, "bin", "busybox")));
    }

    [RootFact]
    public async Task Auto_picks_overlay_on_this_machine_and_copy_when_forced()
    {
        var auto = new AutoSnapshotter(_busybox.NewDirectory("auto"));
        var forced = new AutoSnapshotter(_busybox.NewDirectory("forced"), forceCopy: true);

        await using var snapshot = await auto.PrepareAsync([_busybox.LowerPath], CancellationToken.None);

        Assert.Equal(SnapshotKind.Overlay, auto.Kind);
        Assert.Equal(SnapshotKind.Overlay, snapshot.Kind);
        Assert.Equal(SnapshotKind.Copy, forced.Kind);
    }

    /// <summary>A real overlay upper directory over busybox with a whiteout (<c>/bin/ls</c>) and an opaque directory
    /// (<c>/home</c>, holding only <c>fresh</c>), unmounted, for use as a layer.</summary>
    private async Task<IRunSnapshot> WhiteoutLayerAsync(OverlaySnapshotter overlay)
    {
        var first = await overlay.PrepareAsync([_busybox.LowerPath], CancellationToken.None);
        File.Delete(Path.Combine(first.RootPath, "bin", "ls"));
        Directory.Delete(Path.Combine(first.RootPath, "home"), recursive: true);
        Directory.CreateDirectory(Path.Combine(first.RootPath, "home", "fresh"));
        await first.UnmountAsync();
        return first;
    }
}
