using System.Diagnostics;
using System.Text.Json;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.IntegrationTests.Registry;

/// <summary>Images pushed from one store and pulled into another through a real registry, as docker push/pull.</summary>
public sealed class PullPushTests(AnonymousRegistryFixture fixture) : IClassFixture<AnonymousRegistryFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-pullpush-").FullName;
    private int _stores;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ContentStore FreshStore() => ContentStore.Open(Path.Combine(_dir, $"store{Interlocked.Increment(ref _stores)}"));

    private string Host => fixture.Server.Host;

    /// <summary>What a push put where: the image's target (manifest or index) and the blobs whose bytes were sent.</summary>
    private sealed record Pushed(Descriptor Target, int BlobsUploaded);

    /// <summary>Store → registry sink, as <c>hoist push SOURCE [DESTINATION]</c>.</summary>
    private static async Task<Pushed> PushAsync(ContentStore store, string source, string? destination = null,
        RegistryConfiguration? configuration = null, List<TransferProgress>? progress = null)
    {
        using var client = RegistryClients.Create(configuration: configuration);
        var image = await store.ResolveImageAsync(source);
        var target = destination is null ? RegistrySink.DestinationOf(source, image) : ImageReference.Parse(destination);
        var export = await new RegistrySink(store, client, target, progress is null ? null : new ListProgress(progress))
            .WriteAsync(image, CancellationToken.None);
        return new Pushed(image.Target.ToDescriptor(), export.BlobsUploaded);
    }

    /// <summary>What a pull gave: what the reference points at, the platform's manifest (with the platform its index
    /// entry gives it), its config, the image ID and the blobs downloaded.</summary>
    private sealed record Pulled(Descriptor Target, Descriptor Manifest, Descriptor Config, Digest Id, int BlobsDownloaded);

    private static async Task<Pulled> PullAsync(ContentStore store, string reference, Platform? platform = null,
        RegistryConfiguration? configuration = null, List<TransferProgress>? progress = null, RegistryClient? client = null)
    {
        using var own = client is null ? RegistryClients.Create(configuration: configuration) : null;
        var pull = await new ImagePuller(store, client ?? own!).PullAsync(ImageReference.Parse(reference), platform,
            progress is null ? null : new ListProgress(progress), CancellationToken.None);
        var image = pull.Image;
        var entry = (image.Target as StoredIndex)?.Index.Manifests.First(d => d.Digest == image.Manifest.Digest);
        return new Pulled(image.Target.ToDescriptor(), image.Manifest.ToDescriptor(entry?.Platform), image.Manifest.Manifest.Config, image.Id,
            pull.BlobsDownloaded);
    }

    private static async Task AssertSameImageAsync(ContentStore expected, ContentStore actual, StoreImage image)
    {
        Assert.Equal(image.Manifest.Bytes, await actual.ReadBytesAsync(image.Manifest.Digest));
        foreach (var blob in image.Blobs)
        {
            Assert.Equal(await expected.ReadBytesAsync(blob), await actual.ReadBytesAsync(blob));
        }
    }

    [RegistryFact]
    public async Task An_image_pushed_from_one_store_pulls_byte_identical_into_a_fresh_store()
    {
        var source = FreshStore();
        var name = $"{Host}/roundtrip/app:v1";
        var image = await StoreImage.WriteAsync(source, name, seed: 1, [200_000, 5_000, 1]);

        var pushed = await PushAsync(source, name);
        var target = FreshStore();
        var pulled = await PullAsync(target, name);

        Assert.Equal(image.Manifest.Digest, pushed.Target.Digest);
        Assert.Equal(4, pushed.BlobsUploaded);
        Assert.Equal(image.Manifest.Digest, pulled.Target.Digest);
        Assert.Equal(image.Id, pulled.Id);
        Assert.Equal(4, pulled.BlobsDownloaded);
        await AssertSameImageAsync(source, target, image);
        var local = await target.ResolveImageAsync(name);
        Assert.Equal(image.Id, local.Id);
        Assert.Equal(image.Manifest.MediaType, local.Target.MediaType);
        Assert.Empty(Directory.GetFiles(Path.Combine(target.Root, "ingest")));
    }

    [RegistryFact]
    public async Task Docker_media_types_survive_the_round_trip()
    {
        var source = FreshStore();
        var name = $"{Host}/roundtrip/docker:v1";
        var image = await StoreImage.WriteAsync(source, name, seed: 2, [3_000], docker: true);

        await PushAsync(source, name);
        var target = FreshStore();
        var pulled = await PullAsync(target, name);

        Assert.Equal(MediaTypes.DockerManifest, pulled.Target.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, pulled.Config.MediaType);
        await AssertSameImageAsync(source, target, image);
    }

    [RegistryFact]
    public async Task A_second_pull_downloads_nothing_and_blobs_already_in_the_store_are_skipped()
    {
        var source = FreshStore();
        var name = $"{Host}/skip/app:v1";
        var image = await StoreImage.WriteAsync(source, name, seed: 3, [10_000, 20_000]);
        await PushAsync(source, name);
        var target = FreshStore();
        await target.WriteAsync(await source.ReadBytesAsync(image.Layers[0].Digest)); // one layer shared with another image

        var progress = new List<TransferProgress>();
        var first = await PullAsync(target, name, progress: progress);
        var second = await PullAsync(target, name);

        Assert.Equal(2, first.BlobsDownloaded); // config and the second layer
        Assert.Contains(progress, p => p.Blob.Digest == image.Layers[0].Digest && p.State == TransferState.AlreadyExists);
        Assert.Contains(progress, p => p.Blob.Digest == image.Layers[1].Digest && p.State == TransferState.Downloaded);
        Assert.Equal(0, second.BlobsDownloaded);
    }

    [RegistryFact]
    public async Task A_mirror_serves_docker_hub_names()
    {
        var source = FreshStore();
        var image = await StoreImage.WriteAsync(source, $"{Host}/library/busybox:latest", seed: 4, [4_000]);
        await PushAsync(source, $"{Host}/library/busybox:latest");
        var mirrored = RegistryConfiguration.Empty.WithMirror("docker.io", new Uri($"http://{Host}"));

        var target = FreshStore();
        var pulled = await PullAsync(target, "busybox", configuration: mirrored);

        Assert.Equal(image.Manifest.Digest, pulled.Target.Digest);
        Assert.Equal(image.Id, (await target.ResolveImageAsync("busybox")).Id);
        Assert.Equal(image.Manifest.Digest, target.Names.Lookup(ImageReference.Parse("docker.io/library/busybox:latest")));
    }

    [RegistryFact]
    public async Task Hoist_pull_prints_docker_lines_through_a_mirror()
    {
        var source = FreshStore();
        var image = await StoreImage.WriteAsync(source, $"{Host}/library/busybox:1.0", seed: 5, [6_000, 7_000]);
        await PushAsync(source, $"{Host}/library/busybox:1.0");
        var root = Path.Combine(_dir, "cli-root");

        var first = HoistProcess.Run(["--root", root, "pull", "--registry-mirror", $"docker.io=http://{Host}", "busybox:1.0"]);
        var second = HoistProcess.Run(["--root", root, "pull", "--registry-mirror", $"docker.io=http://{Host}", "busybox:1.0"]);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("1.0: Pulling from library/busybox", first.Stdout);
        Assert.Contains($"{image.Layers[0].Digest.Hex[..12]}: Pull complete", first.Stdout);
        Assert.Contains($"Digest: {image.Manifest.Digest}", first.Stdout);
        Assert.Contains("Status: Downloaded newer image for busybox:1.0", first.Stdout);
        Assert.EndsWith("docker.io/library/busybox:1.0\n", first.Stdout);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains($"{image.Layers[1].Digest.Hex[..12]}: Already exists", second.Stdout);
        Assert.Contains("Status: Image is up to date for busybox:1.0", second.Stdout);
    }

    [RegistryFact]
    public async Task Hoist_push_then_pull_by_command_line()
    {
        var root = Path.Combine(_dir, "cli-push");
        var image = await StoreImage.WriteAsync(ContentStore.Open(root), "local/app:v1", seed: 6, [8_000]);
        var destination = $"{Host}/cli/app:v2";

        var push = HoistProcess.Run(["--root", root, "push", "local/app:v1", destination]);
        var again = HoistProcess.Run(["--root", root, "push", "local/app:v1", destination]);
        var pull = HoistProcess.Run(["--root", Path.Combine(_dir, "cli-pull"), "pull", "-q", destination]);

        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Contains($"The push refers to repository [{Host}/cli/app]", push.Stdout);
        Assert.Contains($"{image.Layers[0].Digest.Hex[..12]}: Pushed", push.Stdout);
        Assert.Contains($"v2: digest: {image.Manifest.Digest} size: {image.Manifest.Size}", push.Stdout);
        Assert.Contains($"{image.Layers[0].Digest.Hex[..12]}: Layer already exists", again.Stdout);
        Assert.True(pull.ExitCode == 0, pull.Stderr);
        Assert.Equal($"{destination}\n", pull.Stdout);
    }

    [RegistryFact]
    public async Task Pushing_an_image_id_without_a_destination_is_a_user_error()
    {
        var store = FreshStore();
        var image = await StoreImage.WriteAsync(store, "local/id:v1", seed: 7, [100]);

        var error = await Assert.ThrowsAsync<HoistException>(() => PushAsync(store, image.Id.Hex[..12]));

        Assert.Contains("give the image a name", error.Message);
    }

    [RegistryFact]
    public async Task What_we_push_is_what_skopeo_sees()
    {
        var store = FreshStore();
        var name = $"{Host}/skopeo/app:v1";
        var image = await StoreImage.WriteAsync(store, name, seed: 8, [1_000, 2_000]);
        await PushAsync(store, name);

        var raw = Skopeo("inspect", "--tls-verify=false", "--raw", $"docker://{name}");
        var inspect = JsonDocument.Parse(Skopeo("inspect", "--tls-verify=false", $"docker://{name}")).RootElement;
        var config = Skopeo("inspect", "--tls-verify=false", "--config", "--raw", $"docker://{name}");

        Assert.Equal(image.Manifest.Bytes, System.Text.Encoding.UTF8.GetBytes(raw));
        Assert.Equal(image.Manifest.Digest.ToString(), inspect.GetProperty("Digest").GetString());
        Assert.Equal(image.Layers.Select(l => l.Digest.ToString()), inspect.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(image.Config.Bytes, System.Text.Encoding.UTF8.GetBytes(config));
    }

    [RegistryFact]
    public async Task An_index_is_pushed_manifests_first_and_pulling_it_picks_the_host_platform()
    {
        var source = FreshStore();
        var other = Platform.Host.Architecture == "s390x" ? Platform.Parse("linux/ppc64le") : Platform.Parse("linux/s390x");
        var host = await StoreImage.WriteAsync(source, null, seed: 9, [3_000], Platform.Host);
        var foreign = await StoreImage.WriteAsync(source, null, seed: 10, [4_000], other);
        var name = $"{Host}/multi/app:v1";
        var index = await StoreImage.WriteIndexAsync(source, name, (foreign, other), (host, Platform.Host));

        var pushed = await PushAsync(source, name);
        var target = FreshStore();
        var pulled = await PullAsync(target, name);
        var chosen = await PullAsync(FreshStore(), name, platform: other);

        Assert.Equal(index.Digest, pushed.Target.Digest);
        Assert.Equal(index.Digest, pulled.Target.Digest);
        Assert.Equal(host.Manifest.Digest, pulled.Manifest.Digest);
        Assert.Equal(Platform.Host.Architecture, pulled.Manifest.Platform?.Architecture);
        Assert.Equal(host.Id, pulled.Id);
        Assert.Equal(index.Bytes, await target.ReadBytesAsync(index.Digest));
        await AssertSameImageAsync(source, target, host);
        Assert.False(target.Contains(foreign.Manifest.Digest));
        Assert.False(target.Contains(foreign.Layers[0].Digest));
        Assert.Equal(host.Id, (await target.ResolveImageAsync(name)).Id);
        Assert.Equal(foreign.Id, chosen.Id);
    }

    [RegistryFact]
    public async Task An_index_whose_platform_is_missing_is_a_clear_error()
    {
        var source = FreshStore();
        var only = Platform.Parse("linux/s390x");
        var image = await StoreImage.WriteAsync(source, null, seed: 11, [100], only);
        var name = $"{Host}/multi/none:v1";
        await StoreImage.WriteIndexAsync(source, name, (image, only));
        await PushAsync(source, name);

        var error = await Assert.ThrowsAsync<HoistException>(() => PullAsync(FreshStore(), name, platform: Platform.Parse("linux/riscv64")));

        Assert.Contains("no matching manifest for linux/riscv64", error.Message);
    }

    [RegistryFact]
    public async Task Pushing_an_image_the_registry_has_uploads_nothing()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        var store = FreshStore();
        var image = await StoreImage.WriteAsync(store, "local/again:v1", seed: 12, [50_000, 60_000]);
        await PushAsync(store, "local/again:v1", $"{proxy.Host}/again/app:v1");
        var before = proxy.Requests.Count;

        var progress = new List<TransferProgress>();
        var second = await PushAsync(store, "local/again:v1", $"{proxy.Host}/again/app:v1", progress: progress);

        var requests = proxy.Requests.Skip(before).ToList();
        Assert.Equal(0, second.BlobsUploaded);
        Assert.DoesNotContain(requests, r => r.Method is "POST" or "PATCH" || (r.Method == "PUT" && r.Path.Contains("/blobs/")));
        Assert.Equal(3, requests.Count(r => r.Method == "HEAD" && r.Path.Contains("/blobs/")));
        Assert.Equal(3, progress.Count(p => p.State == TransferState.AlreadyExists));
        Assert.Equal(image.Manifest.Digest, second.Target.Digest);
    }

    [RegistryFact]
    public async Task Pushing_to_another_repository_of_the_same_registry_mounts_blobs_from_where_they_were_pulled()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        var source = FreshStore();
        await StoreImage.WriteAsync(source, $"{proxy.Host}/mount/base:v1", seed: 13, [40_000]);
        await PushAsync(source, $"{proxy.Host}/mount/base:v1");
        var store = FreshStore();
        await PullAsync(store, $"{proxy.Host}/mount/base:v1");
        var before = proxy.Requests.Count;

        var progress = new List<TransferProgress>();
        var pushed = await PushAsync(store, $"{proxy.Host}/mount/base:v1", $"{proxy.Host}/mount/copy:v1", progress: progress);

        var requests = proxy.Requests.Skip(before).ToList();
        Assert.Equal(0, pushed.BlobsUploaded);
        Assert.Equal(2, progress.Count(p => p.State == TransferState.Mounted && p.Detail == "mount/base"));
        Assert.Equal(2, requests.Count(r => r.Method == "POST" && r.Path.Contains("from=mount%2Fbase")));
        Assert.DoesNotContain(requests, r => r.Method == "PATCH" || (r.Method == "PUT" && r.Path.Contains("/blobs/")));
    }

    [RegistryFact]
    public async Task Big_blobs_are_pushed_in_chunks_and_small_ones_in_one_request()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        var store = FreshStore();
        var image = await StoreImage.WriteAsync(store, "local/chunks:v1", seed: 14, [250_000, 1_000]);
        using var client = RegistryClients.Create();

        await new RegistrySink(store, client, ImageReference.Parse($"{proxy.Host}/chunks/app:v1"), null) { ChunkedAbove = 100_000, ChunkSize = 100_000 }
            .WriteAsync(await store.ResolveImageAsync("local/chunks:v1"), CancellationToken.None);

        Assert.Equal(3, proxy.Requests.Count(r => r.Method == "PATCH"));
        Assert.Equal(3, proxy.Requests.Count(r => r.Method == "PUT" && r.Path.Contains("/blobs/uploads/")));
        await AssertSameImageAsync(store, await PullIntoFreshAsync($"{Host}/chunks/app:v1"), image);
    }

    private async Task<ContentStore> PullIntoFreshAsync(string reference)
    {
        var store = FreshStore();
        await PullAsync(store, reference);
        return store;
    }

    [RegistryFact]
    public async Task A_connection_reset_mid_blob_resumes_the_pull()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        var source = FreshStore();
        var image = await StoreImage.WriteAsync(source, "local/reset:v1", seed: 15, [400_000]);
        await PushAsync(source, "local/reset:v1", $"{Host}/reset/app:v1");
        var layerPath = $"/blobs/{image.Layers[0].Digest}";
        var faults = 0;
        proxy.Inject(r => r.Method == "GET" && r.Path.EndsWith(layerPath) && faults++ == 0 ? new Fault.ResetAfter(150_000) : null);

        var target = FreshStore();
        var progress = new List<TransferProgress>();
        var pulled = await PullAsync(target, $"{proxy.Host}/reset/app:v1", progress: progress);

        Assert.Equal(image.Id, pulled.Id);
        await AssertSameImageAsync(source, target, image);
        var gets = proxy.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith(layerPath)).ToList();
        Assert.Equal(2, gets.Count);
        Assert.Matches(@"^bytes=\d+-$", gets[1].Headers["Range"]);
        Assert.Contains(progress, p => p.Blob.Digest == image.Layers[0].Digest && p.Detail == "resumed 1 time");
    }

    [RegistryFact]
    public async Task A_corrupted_byte_fails_the_pull_and_leaves_no_wrong_blob_and_no_name()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        var source = FreshStore();
        var image = await StoreImage.WriteAsync(source, "local/corrupt:v1", seed: 16, [300_000]);
        await PushAsync(source, "local/corrupt:v1", $"{Host}/corrupt/app:v1");
        var layerPath = $"/blobs/{image.Layers[0].Digest}";
        proxy.Inject(r => r.Method == "GET" && r.Path.EndsWith(layerPath) ? new Fault.CorruptByte(123_456) : null);

        var target = FreshStore();
        var error = await Assert.ThrowsAsync<HoistException>(() => PullAsync(target, $"{proxy.Host}/corrupt/app:v1"));

        Assert.Contains("does not match its digest", error.Message);
        Assert.False(target.Contains(image.Layers[0].Digest));
        Assert.False(target.Contains(image.Manifest.Digest));
        Assert.Empty(target.Names.List());
        Assert.Empty(Directory.GetFiles(Path.Combine(target.Root, "ingest")));
        Assert.DoesNotContain(target.EnumerateBlobs(), b => b.Digest != image.Config.Digest);
    }

    private static string Skopeo(params string[] args)
    {
        var psi = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("skopeo is required");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"skopeo {string.Join(' ', args)}: {stderr}");
        return stdout.Result;
    }

    /// <summary>Collects reports synchronously (<see cref="Progress{T}"/> would post them to the thread pool, out of order).</summary>
    private sealed class ListProgress(List<TransferProgress> into) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (into) into.Add(value);
        }
    }
}
