using Hoist.Building.Cache;
using Hoist.Content;
using Hoist.Execution;
using Hoist.IntegrationTests.Building;
using Hoist.IntegrationTests.Registry;
using Hoist.Oci;
using Hoist.Registry;
using Hoist.Snapshots;
using static Hoist.IntegrationTests.Security.HostileImage;

namespace Hoist.IntegrationTests.Security;

/// <summary>
/// Images crafted to hurt the build host, through every way an image arrives (store, registry pull, OCI layout and
/// docker-archive load) and every way it is used (hoist run, FROM + RUN on overlay, the copy fallback). Real runc,
/// overlayfs and docker-registry.
/// </summary>
public sealed class HostileImageTests
{
    private const string Evil = "hostile/image:1";

    private static string BusyboxDiffId(BuildStore store) =>
        ContentStore.Open(store.Root).ResolveImageAsync(FixtureImages.Busybox).GetAwaiter().GetResult().Config.Config.RootFs.DiffIds[0].ToString();

    private static void Succeeded(HoistProcess.Result result) => Assert.True(result.ExitCode == 0, result.Stderr);

    private static void RefusedInOneLine(HoistProcess.Result result, string cause)
    {
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(cause, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [RootFact]
    public async Task Whiteouts_through_a_same_layer_symlink_leave_the_host_untouched_by_run_and_by_from_plus_run()
    {
        using var store = new BuildStore();
        var host = Directory.CreateTempSubdirectory("hoist-host-dir-").FullName;
        Directory.CreateDirectory(Path.Combine(host, "sub"));
        System.IO.File.WriteAllText(Path.Combine(host, "sub", "precious"), "keep");
        var before = Describe(host);
        await WriteAsync(store.Root, Evil, FixtureImages.Busybox,
            [Layer(Symlink("evil", host), File("evil/.wh.x"), File("evil/sub/.wh..wh..opq"), File("evil/.wh..wh..opq"))]);

        Succeeded(store.Hoist("run", Evil, "true"));
        Assert.Equal(before, Describe(host));

        var build = store.Hoist("build", store.NewContext(("Dockerfile", $"FROM {Evil}\nRUN ls / > /listing\n")));
        Succeeded(build);
        Assert.Equal(before, Describe(host));
        Directory.Delete(host, recursive: true);
    }

    [RootFact]
    public async Task A_lying_diffID_in_the_store_is_refused_when_unpacked_and_never_poisons_the_genuine_layer()
    {
        using var store = new BuildStore();
        var busybox = BusyboxDiffId(store);
        await WriteAsync(store.Root, Evil, null, [Layer(File("evil-marker", "pwned"))], [Digest.Parse(busybox)]);

        RefusedInOneLine(store.Hoist("run", Evil, "/bin/true"), $"the image config says {busybox}");

        Assert.False(Directory.Exists(Path.Combine(store.Root, "snapshots", "layers", "sha256", Digest.Parse(busybox).Hex)));
        AssertGenuineBusybox(store);
    }

    [RootFact]
    public async Task A_lying_diffID_is_refused_by_registry_pull_and_by_a_build_pulling_it_with_nothing_kept()
    {
        Assert.True(RegistryServer.BinaryPath is not null, "docker-registry is required (scripts/setup.sh installs it)");
        await using var registry = await RegistryServer.StartAsync();
        using var source = BuildStore.Empty();
        using var target = new BuildStore();
        var remote = $"{registry.Host}/hostile/image:1";
        await WriteAsync(source.Root, remote, null, [Layer(File("evil-marker", "pwned"))], [Digest.Parse(BusyboxDiffId(target))]);
        Succeeded(source.Hoist("push", remote));
        var blobsBefore = BlobCount(target);

        RefusedInOneLine(target.Hoist("pull", remote), "does not belong to the image");
        RefusedInOneLine(target.Hoist("build", target.NewContext(("Dockerfile", $"FROM {remote}\nRUN true\n"))), "does not belong to the image");

        Assert.Equal(blobsBefore, BlobCount(target));
        Assert.DoesNotContain("hostile", target.Hoist("images").Stdout);
        AssertGenuineBusybox(target);
    }

    /// <summary>A build pulling an image it reads as files unpacks each layer as it downloads (the pull's one
    /// decompression): a lie found at the end of that unpack leaves no snapshot, no temp directory, no blob, no name.</summary>
    [RootFact]
    public async Task A_cold_build_unpacking_a_lying_layer_while_pulling_it_fails_with_no_snapshot_left_and_the_store_intact()
    {
        Assert.True(RegistryServer.BinaryPath is not null, "docker-registry is required (scripts/setup.sh installs it)");
        await using var registry = await RegistryServer.StartAsync();
        using var source = new BuildStore();
        using var target = BuildStore.Empty();
        var remote = $"{registry.Host}/hostile/unpacked:1";
        var claimed = Digest.Sha256("a layer nobody has"u8.ToArray());
        var lie = Layer(File("evil-marker", "pwned"));
        await WriteAsync(source.Root, remote, FixtureImages.Busybox, [lie], [claimed]);
        Succeeded(source.Hoist("push", remote));

        var build = target.Hoist("build", target.NewContext(("Dockerfile", $"FROM {remote}\nRUN true\n")));

        RefusedInOneLine(build, $"its content has diffID {Digest.Sha256(lie)}, the image config says {claimed}");
        var snapshots = Path.Combine(target.Root, "snapshots");
        Assert.False(Directory.Exists(Path.Combine(snapshots, "layers", "sha256", claimed.Hex)));
        Assert.False(Directory.Exists(Path.Combine(snapshots, "layers", "sha256", Digest.Sha256(lie).Hex)));
        Assert.True(!Directory.Exists(Path.Combine(snapshots, "tmp")) || !Directory.EnumerateFileSystemEntries(Path.Combine(snapshots, "tmp")).Any());
        var lieBlob = ContentStore.Open(source.Root).ResolveImageAsync(remote).GetAwaiter().GetResult().Manifest.Manifest.Layers[^1].Digest;
        Assert.False(System.IO.File.Exists(Path.Combine(target.Root, "blobs", "sha256", lieBlob.Hex)));
        Assert.DoesNotContain("hostile", target.Hoist("images").Stdout);
    }

    [RootFact]
    public Task A_lying_diffID_is_refused_by_oci_layout_directory_load() => LoadIsRefusedAsync("oci-dir");

    [RootFact]
    public Task A_lying_diffID_is_refused_by_oci_layout_tar_load() => LoadIsRefusedAsync("oci");

    [RootFact]
    public Task A_lying_diffID_is_refused_by_docker_archive_load() => LoadIsRefusedAsync("docker");

    private static async Task LoadIsRefusedAsync(string format)
    {
        using var source = BuildStore.Empty();
        using var target = new BuildStore();
        await WriteAsync(source.Root, Evil, null, [Layer(File("evil-marker", "pwned"))], [Digest.Parse(BusyboxDiffId(target))]);
        var archive = Path.Combine(source.Root, "export-" + format);
        Succeeded(source.Hoist("save", "--format", format, "-o", archive, Evil));
        var blobsBefore = BlobCount(target);

        RefusedInOneLine(target.Hoist("load", "-i", archive), "does not belong to the image");

        Assert.Equal(blobsBefore, BlobCount(target));
        Assert.DoesNotContain("hostile", target.Hoist("images").Stdout);
        AssertGenuineBusybox(target);
    }

    [RootFact]
    public async Task A_lying_diffID_in_a_remote_cache_is_refused_on_import_with_no_entry_recorded()
    {
        Assert.True(RegistryServer.BinaryPath is not null, "docker-registry is required (scripts/setup.sh installs it)");
        await using var registry = await RegistryServer.StartAsync();
        using var source = BuildStore.Empty();
        using var target = new BuildStore();
        var sourceStore = ContentStore.Open(source.Root);
        var evil = Layer(File("evil-marker", "pwned"));
        var blob = await sourceStore.WriteAsync(evil);
        var lie = new ImageLayer(new Descriptor { MediaType = MediaTypes.OciLayer, Digest = blob.Digest, Size = blob.Size }, Digest.Parse(BusyboxDiffId(target)));
        var reference = ImageReference.Parse($"{registry.Host}/hostile/cache:1");
        using var client = RegistryClients.Create();
        var location = new RegistryCacheLocation(client, reference);
        using (var scratch = ScratchSpace.Create(Path.Combine(source.Root, "runs")))
        {
            await new RemoteCache(sourceStore, scratch).ExportAsync(location, [new CacheEntry(Digest.Sha256("step"u8), DateTimeOffset.UnixEpoch, lie)], [],
                CancellationToken.None);
        }
        var targetStore = ContentStore.Open(target.Root);
        using var targetScratch = ScratchSpace.Create(Path.Combine(target.Root, "runs"));

        var error = await Assert.ThrowsAsync<Hoist.Archives.DiffIdMismatchException>(() => new RemoteCache(targetStore, targetScratch).ImportAsync(location, CancellationToken.None));

        Assert.Contains("does not belong to the image", error.Message);
        Assert.Empty(new CacheIndex(target.Root).Enumerate());
        Assert.False(targetStore.Contains(blob.Digest));
    }

    [RootFact]
    public async Task A_hard_link_to_a_file_of_a_lower_layer_works_for_run_and_for_from_plus_run()
    {
        using var store = new BuildStore();
        await WriteAsync(store.Root, Evil, FixtureImages.Busybox,
            [Layer(File("etc/data", "cross-layer\n")), Layer(HardLink("usr/alias", "etc/data"))]);

        Assert.Equal("cross-layer\n", store.Hoist("run", Evil, "cat", "/usr/alias").Stdout);
        var build = store.Hoist("build", "-t", "test/linked:1",
            store.NewContext(("Dockerfile", $"FROM {Evil}\nRUN cat /usr/alias > /copied && test $(stat -c %h /usr/alias) = 2\n")));
        Succeeded(build);
        Assert.Equal("cross-layer\n", store.Hoist("run", "test/linked:1", "cat", "/copied").Stdout);
    }

    [RootFact]
    public async Task A_hard_link_to_a_file_of_a_lower_layer_works_on_the_copy_snapshotter()
    {
        using var store = new BuildStore();
        await WriteAsync(store.Root, Evil, FixtureImages.Busybox,
            [Layer(File("etc/data", "cross-layer\n")), Layer(HardLink("usr/alias", "etc/data"))]);
        var content = ContentStore.Open(store.Root);
        var image = await content.ResolveImageAsync(Evil);
        var layers = image.Manifest.Manifest.Layers.Zip(image.Config.Config.RootFs.DiffIds, (b, d) => new ImageLayer(b, d)).ToList();
        var snapshots = new SnapshotStore(Path.Combine(store.Root, "snapshots"));
        var directories = new LayerDirectories(content, snapshots, new CopySnapshotter(Path.Combine(store.Root, "copy-runs")));

        await using var snapshot = await directories.PrepareAsync(layers, CancellationToken.None);

        Assert.Equal(SnapshotKind.Copy, snapshot.Kind);
        Assert.Equal("cross-layer\n", System.IO.File.ReadAllText(Path.Combine(snapshot.RootPath, "usr/alias")));
        Assert.Equal("cross-layer\n", System.IO.File.ReadAllText(Path.Combine(snapshot.RootPath, "etc/data")));
    }

    [RootFact]
    public async Task Local_and_tar_outputs_leave_the_image_s_device_nodes_out_and_say_so()
    {
        using var store = new BuildStore();
        await WriteAsync(store.Root, Evil, FixtureImages.Busybox, [Layer(Device("dev/disk", 8, 0), File("etc/kept", "yes"))]);
        var local = Directory.CreateTempSubdirectory("hoist-local-out-").FullName;
        var tar = Path.Combine(local + "-out.tar");
        var context = store.NewContext(("Dockerfile", $"FROM {Evil}\nLABEL exported=yes\n"));

        var build = store.Hoist("build", "--progress", "plain", "-o", $"type=local,dest={local}", "-o", $"type=tar,dest={tar}", context);

        Succeeded(build);
        Assert.True(System.IO.File.Exists(Path.Combine(local, "etc/kept")));
        Assert.Null(Hoist.Posix.Native.LStat(Path.Combine(local, "dev/disk")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(local, "*", SearchOption.AllDirectories),
            p => (Hoist.Posix.Native.LStat(p)!.Value.Type & 0xB000) == 0x2000);
        Assert.DoesNotContain("dev/disk", HostCommand.Run("tar", "-tf", tar));
        Assert.Contains("left out 1 device node", build.Stderr);
        Assert.Contains("2 device nodes left out", build.Stdout + build.Stderr); // one per output
        Directory.Delete(local, recursive: true);
        System.IO.File.Delete(tar);
    }

    /// <summary>FROM busybox + RUN still sees busybox's own files, not a layer that claimed its diffID.</summary>
    private static void AssertGenuineBusybox(BuildStore store)
    {
        var build = store.Hoist("build", store.NewContext(("Dockerfile", $"FROM {FixtureImages.Busybox}\nRUN test ! -e /evil-marker && test -x /bin/sh\n")));
        Assert.True(build.ExitCode == 0, build.Stderr);
    }

    private static int BlobCount(BuildStore store) => Directory.EnumerateFiles(Path.Combine(store.Root, "blobs", "sha256")).Count();
}
