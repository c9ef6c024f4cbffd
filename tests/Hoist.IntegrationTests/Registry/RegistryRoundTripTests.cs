using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Hoist.Oci;
using Hoist.Registry;


namespace Hoist.IntegrationTests.Registry;

/// <summary>Push and pull against a real distribution registry, anonymously.</summary>
public sealed class RegistryRoundTripTests(AnonymousRegistryFixture fixture) : IClassFixture<AnonymousRegistryFixture>
{
    private ImageReference Ref(string repositoryAndTag) => ImageReference.Parse($"{fixture.Server.Host}/{repositoryAndTag}");

    private static async Task<byte[]> DownloadAsync(RegistryClient client, ImageReference repository, Digest digest, long? size)
    {
        using var memory = new MemoryStream();
        var result = await client.DownloadBlobAsync(repository, digest, size, memory, 0, CancellationToken.None);
        Assert.Equal(digest, result.Digest);
        Assert.Equal(memory.Length, result.Size);
        return memory.ToArray();
    }

    [RegistryFact]
    public async Task A_pushed_image_pulls_back_byte_identical()
    {
        using var client = RegistryClients.Create();
        var image = TestImage.Create(seed: 1);
        var reference = Ref("roundtrip/app:v1");

        var pushed = await image.PushAsync(client, reference);

        Assert.Equal(image.ManifestDigest, pushed);
        var byTag = await client.GetManifestAsync(reference, null, CancellationToken.None);
        Assert.Equal(image.Manifest, byTag.Bytes);
        Assert.Equal(TestImage.ManifestMediaType, byTag.MediaType);
        Assert.Equal(image.ManifestDigest, byTag.Digest);
        var byDigest = await client.GetManifestAsync(ImageReference.Parse($"{fixture.Server.Host}/roundtrip/app@{pushed}"), null,
            CancellationToken.None);
        Assert.Equal(image.Manifest, byDigest.Bytes);
        Assert.Equal(image.Layer, await DownloadAsync(client, reference, image.LayerDigest, image.Layer.Length));
        Assert.Equal(image.Config, await DownloadAsync(client, reference, image.ConfigDigest, null));
    }

    [RegistryFact]
    public async Task Head_describes_a_manifest_and_reports_absence_as_null()
    {
        using var client = RegistryClients.Create();
        var image = TestImage.Create(seed: 2);
        var reference = Ref("head/app:v1");
        await image.PushAsync(client, reference);

        var descriptor = await client.HeadManifestAsync(reference, null, CancellationToken.None);

        Assert.Equal(new Descriptor { MediaType = TestImage.ManifestMediaType, Digest = image.ManifestDigest, Size = image.Manifest.Length }, descriptor);
        Assert.Null(await client.HeadManifestAsync(Ref("head/app:missing"), null, CancellationToken.None));
        Assert.True(await client.BlobExistsAsync(reference, image.LayerDigest, CancellationToken.None));
        Assert.False(await client.BlobExistsAsync(reference, Digest.Sha256("absent"u8), CancellationToken.None));
    }

    [RegistryFact]
    public async Task A_missing_manifest_is_a_clear_error()
    {
        using var client = RegistryClients.Create();

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.GetManifestAsync(Ref("nothing/here:v1"), null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.StartsWith($"registry {fixture.Server.Host}: ", error.Message);
        Assert.Contains("unknown", error.Message);
    }

    [RegistryFact]
    public async Task Uploading_a_blob_the_repository_has_sends_nothing()
    {
        using var client = RegistryClients.Create();
        var image = TestImage.Create(seed: 3);
        var reference = Ref("again/app:v1");

        Assert.Equal(BlobUploadOutcome.Uploaded, await client.UploadBlobAsync(reference, image.Layer, null, CancellationToken.None));
        Assert.Equal(BlobUploadOutcome.AlreadyExists, await client.UploadBlobAsync(reference, image.Layer, null, CancellationToken.None));
    }

    [RegistryFact]
    public async Task Chunked_upload_sends_spec_content_ranges_and_follows_locations()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        using var client = RegistryClients.Create();
        var image = TestImage.Create(seed: 4, fileSize: 200_000);
        var reference = ImageReference.Parse($"{proxy.Host}/chunked/app:v1");

        var outcome = await client.UploadBlobAsync(reference, image.Layer, new BlobUploadOptions { ChunkSize = 64 * 1024 }, CancellationToken.None);

        Assert.Equal(BlobUploadOutcome.Uploaded, outcome);
        var patches = proxy.Requests.Where(r => r.Method == "PATCH").ToList();
        var expectedChunks = (image.Layer.Length + 64 * 1024 - 1) / (64 * 1024);
        Assert.Equal(expectedChunks, patches.Count);
        for (var i = 0; i < patches.Count; i++)
        {
            var start = i * 64 * 1024;
            var end = Math.Min(start + 64 * 1024, image.Layer.Length) - 1;
            Assert.Equal($"{start}-{end}", patches[i].Headers["Content-Range"]);
        }
        // Each PATCH goes to the Location the previous answer gave (distribution changes its _state every time).
        Assert.Equal(patches.Count, patches.Select(p => p.Path).Distinct().Count());
        var put = Assert.Single(proxy.Requests, r => r.Method == "PUT");
        Assert.Contains("digest=" + Uri.EscapeDataString(image.LayerDigest.ToString()), put.Path);
        using var direct = RegistryClients.Create();
        Assert.Equal(image.Layer, await DownloadAsync(direct, Ref("chunked/app"), image.LayerDigest, image.Layer.Length));
    }

    [RegistryFact]
    public async Task An_upload_that_fails_midway_starts_again_in_a_new_session()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        var puts = 0;
        var patches = 0;
        proxy.Inject(r => r.Method switch
        {
            "PUT" when r.Path.Contains("/blobs/uploads/") && puts++ == 0 => new Fault.Status(500),
            "PATCH" when patches++ == 1 => new Fault.ResetBeforeResponse(),
            _ => null,
        });
        using var client = RegistryClients.Create();
        var monolithic = TestImage.Create(seed: 11, fileSize: 50_000);
        var chunked = TestImage.Create(seed: 12, fileSize: 150_000);

        Assert.Equal(BlobUploadOutcome.Uploaded,
            await client.UploadBlobAsync(ImageReference.Parse($"{proxy.Host}/restart/a"), monolithic.Layer, null, CancellationToken.None));
        Assert.Equal(BlobUploadOutcome.Uploaded, await client.UploadBlobAsync(ImageReference.Parse($"{proxy.Host}/restart/b"), chunked.Layer,
            new BlobUploadOptions { ChunkSize = 64 * 1024 }, CancellationToken.None));

        Assert.Equal(2, proxy.Requests.Count(r => r.Method == "POST" && r.Path.Contains("/restart/a/")));
        Assert.Equal(2, proxy.Requests.Count(r => r.Method == "POST" && r.Path.Contains("/restart/b/")));
        Assert.Equal(monolithic.Layer, await DownloadAsync(client, Ref("restart/a"), monolithic.LayerDigest, monolithic.Layer.Length));
        Assert.Equal(chunked.Layer, await DownloadAsync(client, Ref("restart/b"), chunked.LayerDigest, chunked.Layer.Length));
    }

    [RegistryFact]
    public async Task A_blob_is_mounted_from_another_repository_without_uploading()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        using var client = RegistryClients.Create();
        var image = TestImage.Create(seed: 5);
        await client.UploadBlobAsync(ImageReference.Parse($"{proxy.Host}/mount/source"), image.Layer, null, CancellationToken.None);
        var before = proxy.Requests.Count;

        var outcome = await client.UploadBlobAsync(ImageReference.Parse($"{proxy.Host}/mount/target"), image.Layer,
            new BlobUploadOptions { MountFrom = "mount/source" }, CancellationToken.None);

        Assert.Equal(BlobUploadOutcome.Mounted, outcome);
        var requests = proxy.Requests.Skip(before).ToList();
        Assert.DoesNotContain(requests, r => r.Method is "PUT" or "PATCH");
        Assert.Contains(requests, r => r.Method == "POST" && r.Path.Contains("mount=") && r.Path.Contains("from=mount%2Fsource"));
        Assert.True(await client.BlobExistsAsync(Ref("mount/target"), image.LayerDigest, CancellationToken.None));
    }

    [RegistryFact]
    public async Task A_platform_is_selected_from_a_pushed_index()
    {
        using var client = RegistryClients.Create();
        var amd64 = TestImage.Create(seed: 6, architecture: "amd64");
        var arm64 = TestImage.Create(seed: 7, architecture: "arm64");
        var repository = Ref("multi/app");
        await amd64.PushAsync(client, repository.WithDigest(amd64.ManifestDigest));
        await arm64.PushAsync(client, repository.WithDigest(arm64.ManifestDigest));
        var index = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"{{{TestImage.ManifestMediaType}}}","digest":"{{{amd64.ManifestDigest}}}","size":{{{amd64.Manifest.Length}}},"platform":{"architecture":"amd64","os":"linux"}},
              {"mediaType":"{{{TestImage.ManifestMediaType}}}","digest":"{{{arm64.ManifestDigest}}}","size":{{{arm64.Manifest.Length}}},"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]}
            """);
        await client.PutManifestAsync(repository.WithTag("multi"), index, "application/vnd.oci.image.index.v1+json", CancellationToken.None);

        var arm = await client.GetPlatformManifestAsync(repository.WithTag("multi"), Platform.Parse("linux/arm64"), CancellationToken.None);
        var amd = await client.GetPlatformManifestAsync(repository.WithTag("multi"), Platform.Parse("linux/amd64"), CancellationToken.None);

        Assert.Equal(arm64.Manifest, arm.Bytes);
        Assert.Equal(amd64.Manifest, amd.Bytes);
        var error = await Assert.ThrowsAsync<HoistException>(() =>
            client.GetPlatformManifestAsync(repository.WithTag("multi"), Platform.Parse("linux/s390x"), CancellationToken.None));
        Assert.Contains("linux/s390x", error.Message);
    }

    [RegistryFact]
    public async Task Skopeo_reads_what_we_pushed()
    {
        using var client = RegistryClients.Create();
        var image = TestImage.Create(seed: 8);
        await image.PushAsync(client, Ref("skopeo/app:v1"));
        var psi = new ProcessStartInfo("skopeo")
        {
            ArgumentList = { "inspect", "--tls-verify=false", $"docker://{fixture.Server.Host}/skopeo/app:v1" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "skopeo did not finish");

        Assert.True(process.ExitCode == 0, await stderr);
        using var json = JsonDocument.Parse(await stdout);
        Assert.Equal(image.ManifestDigest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal("amd64", json.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal(image.LayerDigest.ToString(), json.RootElement.GetProperty("Layers")[0].GetString());
    }

    [RegistryFact]
    public async Task A_manifest_whose_bytes_do_not_match_the_digest_asked_for_is_rejected()
    {
        await using var proxy = new FaultProxy(fixture.Server.Port);
        using var client = RegistryClients.Create();
        var image = TestImage.Create(seed: 9);
        await image.PushAsync(client, ImageReference.Parse($"{proxy.Host}/tamper/app:v1"));
        proxy.Inject(r => r.Method == "GET" && r.Path.Contains("/manifests/") ? new Fault.CorruptByte(10) : null);

        var byDigest = ImageReference.Parse($"{proxy.Host}/tamper/app@{image.ManifestDigest}");
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(byDigest, null, CancellationToken.None));
        Assert.Contains("does not match its digest", error.Message);
        var byTag = await Assert.ThrowsAsync<RegistryException>(() =>
            client.GetManifestAsync(ImageReference.Parse($"{proxy.Host}/tamper/app:v1"), null, CancellationToken.None));
        Assert.Contains("is served as", byTag.Message);
    }

    [RegistryFact]
    public async Task Reads_try_mirrors_first_and_fall_back_to_the_registry()
    {
        using var pusher = RegistryClients.Create();
        var image = TestImage.Create(seed: 10);
        await image.PushAsync(pusher, Ref("mirrored/app:v1"));
        await using var mirror = new FaultProxy(fixture.Server.Port);
        // The "upstream" 127.0.0.2:<free port> does not exist: only the mirror can answer.
        var missingUpstream = $"127.0.0.2:{RegistryServer.FreePort()}";
        var viaMirror = RegistryConfiguration.Empty.WithMirror(missingUpstream, new Uri($"http://{mirror.Host}"));
        using (var client = RegistryClients.Create(configuration: viaMirror))
        {
            var manifest = await client.GetManifestAsync(ImageReference.Parse($"{missingUpstream}/mirrored/app:v1"), null, CancellationToken.None);
            Assert.Equal(image.Manifest, manifest.Bytes);
            using var layer = new MemoryStream();
            await client.DownloadBlobAsync(ImageReference.Parse($"{missingUpstream}/mirrored/app"), image.LayerDigest, image.Layer.Length, layer, 0,
                CancellationToken.None);
            Assert.Equal(image.Layer, layer.ToArray());
        }
        Assert.Contains(mirror.Requests, r => r.Path == "/v2/mirrored/app/manifests/v1");

        // A mirror that is down or lacks the image hands over to the registry itself.
        var deadMirror = RegistryConfiguration.Empty
            .WithMirror(fixture.Server.Host, new Uri($"http://127.0.0.1:{RegistryServer.FreePort()}"))
            .WithMirror(fixture.Server.Host, new Uri($"http://{mirror.Host}/"));
        mirror.Inject(_ => new Fault.Status(404));
        using var fallback = RegistryClients.Create(configuration: deadMirror);
        var fromUpstream = await fallback.GetManifestAsync(Ref("mirrored/app:v1"), null, CancellationToken.None);
        Assert.Equal(image.Manifest, fromUpstream.Bytes);
        using var blob = new MemoryStream();
        await fallback.DownloadBlobAsync(Ref("mirrored/app"), image.LayerDigest, image.Layer.Length, blob, 0, CancellationToken.None);
        Assert.Equal(image.Layer, blob.ToArray());
    }
}
