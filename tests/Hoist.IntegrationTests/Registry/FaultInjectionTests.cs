using System.Diagnostics;
using Hoist.Oci;
using Hoist.Registry;


namespace Hoist.IntegrationTests.Registry;

/// <summary>Downloads through a proxy that breaks connections, fails requests, truncates and corrupts bodies.</summary>
public sealed class FaultInjectionTests(AnonymousRegistryFixture fixture) : IClassFixture<AnonymousRegistryFixture>, IAsyncLifetime
{
    private const int BlobFileSize = 300_000;
    private FaultProxy _proxy = null!;
    private TestImage _image = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-faults-").FullName;

    public async Task InitializeAsync()
    {
        if (RegistryServer.BinaryPath is null) return;
        _proxy = new FaultProxy(fixture.Server.Port);
        _image = TestImage.Create(seed: 100, fileSize: BlobFileSize);
        using var client = RegistryClients.Create();
        await _image.PushAsync(client, ImageReference.Parse($"{fixture.Server.Host}/faults/app:v1"));
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ImageReference Repository => ImageReference.Parse($"{_proxy.Host}/faults/app");

    private List<ProxiedRequest> BlobGets => [.. _proxy.Requests.Where(r => r.Method == "GET" && r.Path.Contains("/blobs/"))];

    /// <summary>A script that applies <paramref name="faults"/> to the first blob GETs, one each, then lets requests through.</summary>
    private static Func<ProxiedRequest, Fault?> FirstBlobGets(params Fault[] faults)
    {
        var count = 0;
        return request => request.Method == "GET" && request.Path.Contains("/blobs/") && count < faults.Length ? faults[count++] : null;
    }

    private async Task<(BlobDownloadResult Result, byte[] Bytes)> DownloadAsync()
    {
        using var client = RegistryClients.Create();
        var path = Path.Combine(_dir, "layer");
        var result = await client.DownloadBlobToFileAsync(Repository, _image.LayerDigest, _image.Layer.Length, path, CancellationToken.None);
        return (result, await File.ReadAllBytesAsync(path));
    }

    [RegistryFact]
    public async Task A_connection_reset_mid_blob_resumes_with_a_range_request()
    {
        _proxy.Inject(FirstBlobGets(new Fault.ResetAfter(100_000)));

        var (result, bytes) = await DownloadAsync();

        Assert.Equal(_image.Layer, bytes);
        Assert.Equal(1, result.Resumptions);
        var gets = BlobGets;
        Assert.Equal(2, gets.Count);
        Assert.False(gets[0].Headers.ContainsKey("Range"));
        var range = gets[1].Headers["Range"];
        Assert.Matches(@"^bytes=\d+-$", range);
        Assert.InRange(long.Parse(range[6..^1]), 1, 100_000); // resumed from what arrived, not from zero
    }

    [RegistryFact]
    public async Task A_server_ignoring_the_range_sends_everything_and_the_known_bytes_are_skipped()
    {
        _proxy.Inject(FirstBlobGets(new Fault.ResetAfter(120_000), new Fault.IgnoreRange()));

        var (result, bytes) = await DownloadAsync();

        Assert.Equal(_image.Layer, bytes);
        Assert.Equal(1, result.Resumptions);
    }

    [RegistryFact]
    public async Task An_unreachable_registry_is_a_clear_error()
    {
        using var client = RegistryClients.Create();
        var nowhere = ImageReference.Parse($"127.0.0.1:{RegistryServer.FreePort()}/app:v1");

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(nowhere, null, CancellationToken.None));

        Assert.StartsWith($"registry {nowhere.Registry}: request to http://{nowhere.Registry}/v2/app/manifests/v1 failed", error.Message);
        Assert.Contains("refused", error.Message);
    }

    [RegistryFact]
    public async Task A_truncated_body_is_resumed()
    {
        _proxy.Inject(FirstBlobGets(new Fault.TruncateAfter(50_000), new Fault.TruncateAfter(10)));

        var (result, bytes) = await DownloadAsync();

        Assert.Equal(_image.Layer, bytes);
        Assert.Equal(2, result.Resumptions);
        Assert.Equal(3, BlobGets.Count);
    }

    [RegistryFact]
    public async Task Server_errors_and_rate_limits_are_retried_until_success()
    {
        _proxy.Inject(FirstBlobGets(new Fault.Status(500), new Fault.Status(429, RetryAfter: "0"), new Fault.Status(503)));

        var (result, bytes) = await DownloadAsync();

        Assert.Equal(_image.Layer, bytes);
        Assert.Equal(0, result.Resumptions); // retried whole requests; no body had started
        Assert.Equal(4, BlobGets.Count);
    }

    [RegistryFact]
    public async Task Retry_after_is_waited_for()
    {
        _proxy.Inject(FirstBlobGets(new Fault.Status(429, RetryAfter: "1")));
        var clock = Stopwatch.StartNew();

        var (_, bytes) = await DownloadAsync();

        Assert.Equal(_image.Layer, bytes);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
    }

    [RegistryFact]
    public async Task A_corrupted_byte_fails_cleanly_and_commits_nothing()
    {
        _proxy.Inject(request => request.Path.Contains("/blobs/") ? new Fault.CorruptByte(12_345) : null);

        var error = await Assert.ThrowsAsync<HoistException>(DownloadAsync);

        Assert.Contains("does not match its digest", error.Message);
        Assert.Contains(_image.LayerDigest.ToString(), error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir)); // neither the file nor its temporary
    }

    [RegistryFact]
    public async Task A_connection_that_always_breaks_gives_up_after_a_bounded_number_of_requests()
    {
        _proxy.Inject(request => request.Path.Contains("/blobs/") ? new Fault.ResetAfter(0) : null);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RegistryException>(DownloadAsync);

        Assert.Contains("kept failing", error.Message);
        Assert.InRange(BlobGets.Count, 2, 64);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [RegistryFact]
    public async Task A_server_that_always_fails_gives_up_with_its_status()
    {
        _proxy.Inject(request => request.Path.Contains("/blobs/") ? new Fault.Status(502) : null);

        var error = await Assert.ThrowsAsync<RegistryException>(DownloadAsync);

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal(RegistryClients.FastRetries.MaxAttempts, BlobGets.Count);
    }

    [RegistryFact]
    public async Task A_caller_can_resume_from_bytes_it_already_has()
    {
        using var client = RegistryClients.Create();
        using var partial = new MemoryStream();
        partial.Write(_image.Layer, 0, 70_000);

        var result = await client.DownloadBlobAsync(Repository, _image.LayerDigest, _image.Layer.Length, partial, 70_000, CancellationToken.None);

        Assert.Equal(_image.Layer, partial.ToArray());
        Assert.Equal(_image.Layer.Length, result.Size);
        Assert.Equal("bytes=70000-", Assert.Single(BlobGets).Headers["Range"]);
    }

    [RegistryFact]
    public async Task Resuming_from_wrong_bytes_is_caught_by_the_digest()
    {
        using var client = RegistryClients.Create();
        using var partial = new MemoryStream();
        partial.Write(new byte[1000]);

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            client.DownloadBlobAsync(Repository, _image.LayerDigest, _image.Layer.Length, partial, 1000, CancellationToken.None));

        Assert.Contains("does not match its digest", error.Message);
    }

    [RegistryFact]
    public async Task A_blob_larger_than_declared_is_refused()
    {
        using var client = RegistryClients.Create();
        using var sink = new MemoryStream();

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            client.DownloadBlobAsync(Repository, _image.LayerDigest, 1000, sink, 0, CancellationToken.None));

        Assert.Contains("larger than its declared size", error.Message);
        Assert.True(sink.Length <= 1000);
    }

    [RegistryFact]
    public async Task Cancellation_stops_a_download()
    {
        using var client = RegistryClients.Create();
        using var sink = new MemoryStream();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.DownloadBlobAsync(Repository, _image.LayerDigest, null, sink, 0, cancel.Token));
    }
}
