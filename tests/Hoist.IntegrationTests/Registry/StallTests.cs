using System.Diagnostics;
using System.Net;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.IntegrationTests.Registry;

/// <summary>
/// A registry that stalls (before its headers, in the middle of a download, while taking an upload) is given up on
/// after the configured timeouts and the request retried or resumed; one that keeps stalling is a one-line error.
/// Before these timeouts every case here hung forever, so each test bounds its own wait.
/// </summary>
public sealed class StallTests(AnonymousRegistryFixture fixture) : IClassFixture<AnonymousRegistryFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);
    private FaultProxy _proxy = null!;
    private TestImage _image = null!;

    public async Task InitializeAsync()
    {
        if (RegistryServer.BinaryPath is null) return;
        _proxy = new FaultProxy(fixture.Server.Port);
        _image = TestImage.Create(seed: 300, fileSize: 300_000);
        using var client = RegistryClients.Create();
        await _image.PushAsync(client, ImageReference.Parse($"{fixture.Server.Host}/stalls/app:v1"));
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
    }

    private ImageReference Repository => ImageReference.Parse($"{_proxy.Host}/stalls/app");

    /// <summary>The proxy buffers a whole 24 MB upload before the registry stores and answers it: give that time.</summary>
    private static readonly RegistryTimeouts UploadTimeouts = new() { Idle = TimeSpan.FromSeconds(3), ResponseHeaders = TimeSpan.FromSeconds(20) };

    private static bool IsBlobGet(ProxiedRequest r) => r.Method == "GET" && r.Path.Contains("/blobs/");

    private static bool IsUpload(ProxiedRequest r) => r.Method is "PUT" or "PATCH" && r.Path.Contains("/blobs/uploads/");

    /// <summary>Applies <paramref name="fault"/> to the first <paramref name="times"/> requests that match.</summary>
    private static Func<ProxiedRequest, Fault?> First(Func<ProxiedRequest, bool> match, Fault fault, int times = 1)
    {
        var count = 0;
        return r => match(r) && count++ < times ? fault : null;
    }

    private async Task<byte[]> DownloadAsync(RegistryClient client)
    {
        using var sink = new MemoryStream();
        await client.DownloadBlobAsync(Repository, _image.LayerDigest, _image.Layer.Length, sink, 0, CancellationToken.None);
        return sink.ToArray();
    }

    /// <summary>Fails (instead of hanging the test run) when the operation outlives <see cref="Bound"/>.</summary>
    private static async Task<T> WithinBoundAsync<T>(Func<Task<T>> operation)
    {
        var task = operation();
        if (await Task.WhenAny(task, Task.Delay(Bound)) != task) throw new TimeoutException($"still waiting after {Bound}: the stall was never detected");
        return await task;
    }

    [RegistryFact]
    public async Task A_registry_silent_before_its_headers_is_asked_again()
    {
        _proxy.Inject(First(r => r.Path.Contains("/manifests/"), new Fault.StallBeforeResponse()));
        using var client = RegistryClients.Create(timeouts: RegistryClients.ShortTimeouts);

        var manifest = await WithinBoundAsync(() => client.GetManifestAsync(Repository.WithTag("v1"), null, CancellationToken.None));

        Assert.Equal(_image.ManifestDigest, manifest.Digest);
        Assert.Equal(2, _proxy.Requests.Count(r => r.Path.Contains("/manifests/")));
    }

    [RegistryFact]
    public async Task A_registry_that_never_answers_is_a_one_line_error_naming_it_and_the_stall()
    {
        _proxy.Inject(r => r.Path.Contains("/manifests/") ? new Fault.StallBeforeResponse() : null);
        using var client = RegistryClients.Create(timeouts: RegistryClients.ShortTimeouts);
        var clock = Stopwatch.StartNew();

        var error = await WithinBoundAsync(() => Assert.ThrowsAsync<RegistryException>(
            () => client.GetManifestAsync(Repository.WithTag("v1"), null, CancellationToken.None)));

        Assert.StartsWith($"registry {_proxy.Host}: request to http://{_proxy.Host}/v2/stalls/app/manifests/v1 failed: no response headers within 2 s",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(RegistryClients.FastRetries.MaxAttempts, _proxy.Requests.Count(r => r.Path.Contains("/manifests/")));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
    }

    [RegistryFact]
    public async Task A_download_stalled_mid_body_resumes_with_a_range_request()
    {
        _proxy.Inject(First(IsBlobGet, new Fault.StallAfter(100_000)));
        using var client = RegistryClients.Create(timeouts: RegistryClients.ShortTimeouts);

        var bytes = await WithinBoundAsync(() => DownloadAsync(client));

        Assert.Equal(_image.Layer, bytes);
        var gets = _proxy.Requests.Where(IsBlobGet).ToList();
        Assert.Equal(2, gets.Count);
        var range = gets[1].Headers["Range"];
        Assert.InRange(long.Parse(range[6..^1]), 1, 100_000); // resumed from what arrived, not from zero
    }

    [RegistryFact]
    public async Task A_download_that_keeps_stalling_fails_naming_the_stall()
    {
        _proxy.Inject(r => IsBlobGet(r) ? new Fault.StallAfter(0) : null);
        using var client = RegistryClients.Create(timeouts: RegistryClients.ShortTimeouts);

        var error = await WithinBoundAsync(() => Assert.ThrowsAsync<RegistryException>(() => DownloadAsync(client)));

        Assert.StartsWith($"registry {_proxy.Host}: download of blob {_image.LayerDigest} kept failing", error.Message);
        Assert.EndsWith("the response body stalled: no data for 2 s", error.Message);
    }

    [RegistryFact]
    public async Task A_stalled_upload_is_abandoned_and_sent_again()
    {
        var blob = RandomBlob(seed: 7, 24 << 20); // more than loopback socket buffers hold, so the writer really blocks
        _proxy.Inject(First(IsUpload, new Fault.StallUpload(64 * 1024)));
        using var client = RegistryClients.Create(timeouts: UploadTimeouts);

        var outcome = await WithinBoundAsync(() => client.UploadBlobAsync(Repository, blob, null, CancellationToken.None));

        Assert.Equal(BlobUploadOutcome.Uploaded, outcome);
        Assert.Equal(2, _proxy.Requests.Count(IsUpload));
        Assert.True(await client.BlobExistsAsync(Repository, Digest.Sha256(blob), CancellationToken.None));
    }

    [RegistryFact]
    public async Task An_upload_that_keeps_stalling_fails_naming_the_stall()
    {
        var blob = RandomBlob(seed: 8, 24 << 20);
        _proxy.Inject(r => IsUpload(r) ? new Fault.StallUpload(64 * 1024) : null);
        using var client = RegistryClients.Create(timeouts: UploadTimeouts);

        var error = await WithinBoundAsync(() => Assert.ThrowsAsync<RegistryException>(
            () => client.UploadBlobAsync(Repository, blob, null, CancellationToken.None)));

        Assert.StartsWith($"registry {_proxy.Host}: request to http://{_proxy.Host}/v2/stalls/app/blobs/uploads/", error.Message);
        Assert.EndsWith("upload stalled: the registry took no data for 3 s", error.Message);
    }

    [RegistryFact]
    public async Task A_retry_after_wait_is_announced_before_it_starts()
    {
        var waits = new List<RegistryWait>();
        _proxy.Inject(First(IsBlobGet, new Fault.Status(429, RetryAfter: "1")));
        using var client = RegistryClients.Create(waits: new Collect(waits));

        var bytes = await WithinBoundAsync(() => DownloadAsync(client));

        Assert.Equal(_image.Layer, bytes);
        var wait = Assert.Single(waits);
        Assert.Equal((_proxy.Host, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1)), (wait.Registry, wait.Status, wait.Delay));
        Assert.Equal($"registry {_proxy.Host}: waiting 1 s (registry asked to retry after 1 s: 429 Too Many Requests)", wait.Describe());
    }

    [RegistryFact]
    public async Task Retry_after_waits_are_capped_in_total()
    {
        var waits = new List<RegistryWait>();
        _proxy.Inject(r => IsBlobGet(r) ? new Fault.Status(503, RetryAfter: "1") : null);
        var retries = RegistryClients.FastRetries with { MaxAttempts = 10, MaxTotalRetryAfter = TimeSpan.FromSeconds(2.5) };
        using var client = RegistryClients.Create(waits: new Collect(waits), retries: retries);

        var error = await WithinBoundAsync(() => Assert.ThrowsAsync<RegistryException>(() => DownloadAsync(client)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(2, waits.Count); // a third second would pass the 2.5 s cap
        Assert.Equal(3, _proxy.Requests.Count(IsBlobGet));
    }

    [RegistryFact]
    public void The_cli_reads_its_timeouts_from_the_environment_and_fails_on_one_line()
    {
        _proxy.Inject(r => r.Path.Contains("/manifests/") ? new Fault.StallBeforeResponse() : null);
        var root = Directory.CreateTempSubdirectory("hoist-stall-cli-").FullName;
        try
        {
            var pull = HoistProcess.Run(["--root", root, "pull", $"{_proxy.Host}/stalls/app:v1"],
                environment: new Dictionary<string, string> { ["HOIST_REGISTRY_TIMEOUT"] = "500ms", ["HOIST_REGISTRY_IDLE_TIMEOUT"] = "1s" },
                timeout: Bound);

            Assert.NotEqual(0, pull.ExitCode);
            var line = Assert.Single(pull.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"registry {_proxy.Host}: request to http://{_proxy.Host}/v2/stalls/app/manifests/v1 failed: no response headers within 500 ms", line);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static byte[] RandomBlob(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private sealed class Collect(List<RegistryWait> waits) : IProgress<RegistryWait>
    {
        public void Report(RegistryWait value)
        {
            lock (waits) waits.Add(value);
        }
    }
}
