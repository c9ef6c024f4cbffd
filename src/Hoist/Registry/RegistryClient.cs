using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text.Json;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Registry;

/// <summary>
/// The OCI distribution API as docker speaks it: manifests by tag or digest, blobs with verified and resumable
/// downloads, uploads that skip what exists, mount across repositories, or send monolithically or in chunks.
/// Reads try the configured mirrors first, then the registry itself; writes go to the registry.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private const int CopyBufferSize = 128 * 1024;

    /// <summary>A HEAD answer "not found" from the last source, told apart from null ("ask the next source").</summary>
    private static readonly Descriptor Missing = new() { MediaType = "", Digest = default, Size = -1 };

    private readonly RegistryClientOptions _options;
    private readonly SocketsHttpHandler _sockets;
    private readonly HttpMessageInvoker _probe;
    private readonly RegistryAuthenticationHandler _auth;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, Uri> _upstreams = new(StringComparer.OrdinalIgnoreCase);

    public RegistryClient(RegistryClientOptions? options = null)
    {
        _options = options ?? new RegistryClientOptions();
        _sockets = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                // Insecure registries may present any certificate; every other host gets full validation.
                RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                    errors == SslPolicyErrors.None
                    || (sender is SslStream stream && IsInsecureHost(stream.TargetHostName)),
            },
        };
        _probe = new HttpMessageInvoker(_sockets, disposeHandler: false);
        var stalls = new StallTimeoutHandler(_options.Timeouts) { InnerHandler = _sockets };
        var retry = new RetryHandler(_options.RetryPolicy, _options.TimeProvider, _options.Waits) { InnerHandler = stalls };
        _auth = new RegistryAuthenticationHandler(_options.Credentials ?? DockerCredentialStore.FromEnvironment(), _options.TimeProvider)
        {
            InnerHandler = retry,
        };
        // Bodies HttpClient buffers itself (login, upload replies) are small; a registry streaming more must not make
        // Hoist buffer up to the 2 GiB default.
        _http = new HttpClient(_auth) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = 1 << 20 };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    /// <summary>How many tokens this client fetched from token servers (the rest came from its cache).</summary>
    public int TokensFetched => _auth.TokensFetched;

    /// <summary>
    /// Checks that the registry accepts <paramref name="credential"/> (or anonymous access when null):
    /// <c>GET /v2/</c> through the full challenge flow, as docker login does.
    /// </summary>
    public async Task CheckLoginAsync(string registry, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var upstream = await UpstreamAsync(registry, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(upstream, "/v2/"));
        request.Options.Set(RegistryRequestOptions.Registry, registry);
        if (credential is not null) request.Options.Set(RegistryRequestOptions.Credential, credential);
        using var response = await SendAsync(registry, request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && credential is not null)
        {
            throw new RegistryException(registry, $"unauthorized: incorrect username or password for \"{credential.Username}\"",
                response.StatusCode, "UNAUTHORIZED");
        }
        await EnsureSuccessAsync(registry, response, "log in", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches a manifest. When the reference carries a digest the bytes must hash to it; otherwise the digest is
    /// computed from the bytes and checked against <c>Docker-Content-Digest</c> when the registry sends one.
    /// </summary>
    public async Task<RegistryManifest> GetManifestAsync(ImageReference reference, IReadOnlyList<string>? accept,
        CancellationToken cancellationToken)
    {
        return await OnReadEndpointsAsync(reference, $"manifest {reference}", async (endpoint, isLast) =>
        {
            using var request = ManifestRequest(HttpMethod.Get, endpoint, reference, accept);
            using var response = await SendAsync(endpoint.Registry, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && !isLast) return null;
            await EnsureSuccessAsync(endpoint.Registry, response, $"get manifest {reference.ManifestReference}", cancellationToken)
                .ConfigureAwait(false);
            byte[] bytes;
            try
            {
                bytes = await ReadLimitedAsync(endpoint.Registry, response, _options.MaxManifestBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw NetworkFailure(endpoint.Registry, request.RequestUri, e);
            }
            var digest = VerifyManifestDigest(endpoint.Registry, reference, bytes, response.Headers);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is null or "application/json" or "text/plain") mediaType = MediaTypeFromBody(bytes) ?? mediaType;
            return new RegistryManifest(bytes, mediaType ?? MediaTypes.OciManifest, digest);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a manifest's digest, type and size are without downloading it; null when the registry has none.</summary>
    public async Task<Descriptor?> HeadManifestAsync(ImageReference reference, IReadOnlyList<string>? accept,
        CancellationToken cancellationToken)
    {
        var found = await OnReadEndpointsAsync<Descriptor?>(reference, $"manifest {reference}", async (endpoint, isLast) =>
        {
            using var request = ManifestRequest(HttpMethod.Head, endpoint, reference, accept);
            using var response = await SendAsync(endpoint.Registry, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound) return isLast ? Missing : null;
            await EnsureSuccessAsync(endpoint.Registry, response, $"check manifest {reference.ManifestReference}", cancellationToken)
                .ConfigureAwait(false);
            var headerDigest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!Digest.TryParse(headerDigest, out var digest) || mediaType is null || response.Content.Headers.ContentLength is not { } size)
            {
                // Some registries answer HEAD without the facts; the manifest itself has them.
                var manifest = await GetManifestAsync(reference, accept, cancellationToken).ConfigureAwait(false);
                return new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Bytes.Length };
            }
            if (reference.Digest is { } expected && expected != digest)
            {
                throw new RegistryException(endpoint.Registry, $"manifest {reference} is served with digest {digest}");
            }
            return new Descriptor { MediaType = mediaType, Digest = digest, Size = size };
        }, cancellationToken).ConfigureAwait(false);
        return ReferenceEquals(found, Missing) ? null : found;
    }

    /// <summary>
    /// Resolves a reference to one platform's manifest: an image manifest is returned as is, an index is searched for
    /// <paramref name="platform"/> and that entry fetched by digest.
    /// </summary>
    public async Task<RegistryManifest> GetPlatformManifestAsync(ImageReference reference, Platform platform, CancellationToken cancellationToken)
    {
        var manifest = await GetManifestAsync(reference, null, cancellationToken).ConfigureAwait(false);
        if (!manifest.IsIndex) return manifest;
        var entry = PlatformManifestSelector.Select(manifest.Bytes, platform)
            ?? throw new HoistException($"{reference}: no image for platform {platform} in its index");
        return await GetManifestAsync(reference.WithDigest(entry.Digest), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a manifest under the reference's tag (or digest) and returns its digest.</summary>
    public async Task<Digest> PutManifestAsync(ImageReference reference, byte[] bytes, string mediaType, CancellationToken cancellationToken)
    {
        var digest = Digest.Sha256(bytes);
        if (reference.Digest is { } claimed && claimed != digest)
        {
            throw new HoistException($"cannot push manifest to {reference}: its bytes have digest {digest}");
        }
        var endpoint = await UpstreamEndpointAsync(reference, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Put, endpoint.Url($"manifests/{reference.ManifestReference}"))
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        endpoint.Apply(request, push: true);
        using var response = await SendAsync(endpoint.Registry, request, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(endpoint.Registry, response, $"push manifest {reference}", cancellationToken).ConfigureAwait(false);
        CheckServedDigest(endpoint.Registry, response, digest, "manifest");
        return digest;
    }

    /// <summary>Whether the repository (on the registry itself, not a mirror) already holds a blob.</summary>
    public async Task<bool> BlobExistsAsync(ImageReference repository, Digest digest, CancellationToken cancellationToken)
    {
        var endpoint = await UpstreamEndpointAsync(repository, cancellationToken).ConfigureAwait(false);
        return await BlobExistsAsync(endpoint, digest, push: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams a blob into <paramref name="destination"/>, hashing as it goes, resuming with a Range request when the
    /// connection breaks. With <paramref name="resumeFrom"/> &gt; 0 the destination (readable and seekable) already holds
    /// that many bytes of the blob; they are hashed too. The result is returned only when size and digest match;
    /// otherwise a <see cref="HoistException"/> is thrown and the caller must discard what was written.
    /// </summary>
    public async Task<BlobDownloadResult> DownloadBlobAsync(ImageReference repository, Digest digest, long? size, Stream destination,
        long resumeFrom, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(digest.Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
        var received = await HashExistingAsync(destination, resumeFrom, hash, cancellationToken).ConfigureAwait(false);
        var policy = _options.RetryPolicy;
        var endpoints = await ReadEndpointsAsync(repository, cancellationToken).ConfigureAwait(false);
        var endpointIndex = 0;
        var failuresWithoutProgress = 0;
        var resumptions = 0;
        var buffer = new byte[CopyBufferSize];
        while (size is null || received < size)
        {
            var endpoint = endpoints[endpointIndex];
            var isLast = endpointIndex == endpoints.Count - 1;
            var before = received;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Url($"blobs/{digest}"));
                endpoint.Apply(request, push: false);
                if (received > 0) request.Headers.Range = new RangeHeaderValue(received, null);
                using var response = await SendAsync(endpoint.Registry, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                    .ConfigureAwait(false);
                if (!isLast && !response.IsSuccessStatusCode)
                {
                    endpointIndex++;
                    continue;
                }
                await EnsureSuccessAsync(endpoint.Registry, response, $"download blob {digest}", cancellationToken).ConfigureAwait(false);
                var skip = 0L;
                if (response.StatusCode == HttpStatusCode.PartialContent)
                {
                    var start = response.Content.Headers.ContentRange?.From;
                    if (start != received)
                    {
                        throw new RegistryException(endpoint.Registry, $"blob {digest}: asked for bytes from {received}, got a range from {start}");
                    }
                }
                else
                {
                    skip = received; // the server ignored the Range header: drop what we already have
                }
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    var chunk = buffer.AsMemory(0, read);
                    if (skip > 0)
                    {
                        var dropped = (int)Math.Min(skip, read);
                        skip -= dropped;
                        chunk = chunk[dropped..];
                        if (chunk.Length == 0) continue;
                    }
                    if (size is { } expected && received + chunk.Length > expected)
                    {
                        throw new RegistryException(endpoint.Registry, $"blob {digest} is larger than its declared size {expected}");
                    }
                    hash.AppendData(chunk.Span);
                    await destination.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                    received += chunk.Length;
                }
                if (size is null || received >= size) break;
                // The body ended cleanly but short (no Content-Length to tell the transport): resume like a reset.
                throw new IOException($"blob body ended after {received} bytes");
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && RetryPolicy.IsTransient(e))
            {
                if (!isLast)
                {
                    // A failing mirror hands over to the next source, which continues from the bytes already here.
                    endpointIndex++;
                    continue;
                }
                if (e is RegistryException) throw; // no response at all, after the retry handler's own attempts
                failuresWithoutProgress = received > before ? 1 : failuresWithoutProgress + 1;
                resumptions++;
                if (failuresWithoutProgress >= policy.MaxAttempts || resumptions >= policy.MaxAttempts * 4)
                {
                    throw new RegistryException(endpoint.Registry,
                        $"download of blob {digest} kept failing ({resumptions} attempts, {received} bytes received): {e.Message}",
                        innerException: e);
                }
                await Task.Delay(policy.Backoff(failuresWithoutProgress), _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (size is { } declared && received != declared)
        {
            throw new HoistException($"blob {digest}: received {received} bytes, expected {declared}");
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != digest.Hex)
        {
            throw new HoistException($"blob {digest} from {repository.Registry}: content does not match its digest (got {digest.Algorithm}:{actual})");
        }
        return new BlobDownloadResult(digest, received, resumptions);
    }

    /// <summary>
    /// Downloads a blob to <paramref name="path"/> through a temporary file in the same directory, renamed into place
    /// only after the digest matched; on any failure the path is untouched and the temporary file removed.
    /// </summary>
    public async Task<BlobDownloadResult> DownloadBlobToFileAsync(ImageReference repository, Digest digest, long? size, string path,
        CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temp = AtomicFile.TempPath(full);
        try
        {
            BlobDownloadResult result;
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, useAsync: true))
            {
                result = await DownloadBlobAsync(repository, digest, size, stream, 0, cancellationToken).ConfigureAwait(false);
            }
            AtomicFile.Replace(temp, full, durable: false);
            return result;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Uploads a blob held in memory.</summary>
    public Task<BlobUploadOutcome> UploadBlobAsync(ImageReference repository, byte[] content, BlobUploadOptions? options,
        CancellationToken cancellationToken) =>
        UploadBlobAsync(repository, Digest.Sha256(content), content.LongLength, () => new MemoryStream(content, writable: false), options,
            cancellationToken);

    /// <summary>
    /// Makes sure the repository holds a blob: nothing is sent if it exists or can be mounted from
    /// <see cref="BlobUploadOptions.MountFrom"/>; otherwise it is uploaded in one PUT or in PATCH chunks.
    /// <paramref name="openContent"/> is called once per attempt, so a failed upload restarts from the beginning.
    /// </summary>
    public async Task<BlobUploadOutcome> UploadBlobAsync(ImageReference repository, Digest digest, long size, Func<Stream> openContent,
        BlobUploadOptions? options, CancellationToken cancellationToken)
    {
        options ??= new BlobUploadOptions();
        if (options.ChunkSize is <= 0) throw new ArgumentOutOfRangeException(nameof(options), "chunk size must be positive");
        var endpoint = await UpstreamEndpointAsync(repository, cancellationToken).ConfigureAwait(false);
        if (await BlobExistsAsync(endpoint, digest, push: true, cancellationToken).ConfigureAwait(false)) return BlobUploadOutcome.AlreadyExists;

        var policy = _options.RetryPolicy;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var query = options.MountFrom is { } from && from != repository.Repository
                    ? $"?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(from)}"
                    : "";
                using var start = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Url("blobs/uploads/") + query));
                start.Content = new ByteArrayContent([]);
                endpoint.Apply(start, push: true, query.Length > 0 ? [$"repository:{options.MountFrom}:pull"] : null);
                Uri location;
                using (var started = await SendAsync(endpoint.Registry, start, HttpCompletionOption.ResponseContentRead, cancellationToken)
                           .ConfigureAwait(false))
                {
                    if (query.Length > 0 && started.StatusCode == HttpStatusCode.Created) return BlobUploadOutcome.Mounted;
                    await EnsureSuccessAsync(endpoint.Registry, started, $"start upload of blob {digest}", cancellationToken).ConfigureAwait(false);
                    location = NextLocation(endpoint.Registry, start.RequestUri!, started);
                }
                await using var content = openContent();
                if (options.ChunkSize is { } chunkSize)
                {
                    location = await SendChunksAsync(endpoint, location, content, chunkSize, digest, cancellationToken).ConfigureAwait(false);
                    await FinishUploadAsync(endpoint, location, digest, null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var body = new StreamContent(content, CopyBufferSize);
                    body.Headers.ContentLength = size;
                    await FinishUploadAsync(endpoint, location, digest, body, cancellationToken).ConfigureAwait(false);
                }
                return BlobUploadOutcome.Uploaded;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && policy.DelayAfter(attempt, e) is { } delay)
            {
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _probe.Dispose();
        _sockets.Dispose();
    }

    // ---- uploads ----

    private async Task<Uri> SendChunksAsync(RegistryEndpoint endpoint, Uri location, Stream content, int chunkSize, Digest digest,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[chunkSize];
        long offset = 0;
        while (true)
        {
            var filled = await content.ReadAtLeastAsync(buffer, chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (filled == 0) return location;
            using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(buffer, 0, filled) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            // The distribution spec's Content-Range for chunks is "<start>-<end>" (inclusive), without "bytes ".
            request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + filled - 1}");
            endpoint.Apply(request, push: true);
            using var response = await SendAsync(endpoint.Registry, request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            await EnsureSuccessAsync(endpoint.Registry, response, $"upload chunk of blob {digest}", cancellationToken).ConfigureAwait(false);
            location = NextLocation(endpoint.Registry, location, response);
            offset += filled;
            if (filled < chunkSize) return location;
        }
    }

    private async Task FinishUploadAsync(RegistryEndpoint endpoint, Uri location, Digest digest, HttpContent? body,
        CancellationToken cancellationToken)
    {
        var builder = new UriBuilder(location);
        var digestParameter = "digest=" + Uri.EscapeDataString(digest.ToString());
        builder.Query = builder.Query.Length > 1 ? builder.Query.TrimStart('?') + "&" + digestParameter : digestParameter;
        using var request = new HttpRequestMessage(HttpMethod.Put, builder.Uri) { Content = body ?? new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        endpoint.Apply(request, push: true);
        using var response = await SendAsync(endpoint.Registry, request, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        await EnsureSuccessAsync(endpoint.Registry, response, $"finish upload of blob {digest}", cancellationToken).ConfigureAwait(false);
        CheckServedDigest(endpoint.Registry, response, digest, "blob");
    }

    private static Uri NextLocation(string registry, Uri current, HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? new Uri(current, location) // relative or absolute, as the spec allows
            : throw new RegistryException(registry, "upload response without a Location header", response.StatusCode);

    private async Task<bool> BlobExistsAsync(RegistryEndpoint endpoint, Digest digest, bool push, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, endpoint.Url($"blobs/{digest}"));
        endpoint.Apply(request, push);
        using var response = await SendAsync(endpoint.Registry, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(endpoint.Registry, response, $"check blob {digest}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    // ---- endpoints ----

    /// <summary>
    /// Runs <paramref name="attempt"/> against each mirror then the registry; a mirror that fails or returns null
    /// (not found) hands over to the next. The registry's own failure is the one reported.
    /// </summary>
    private async Task<T> OnReadEndpointsAsync<T>(ImageReference reference, string what,
        Func<RegistryEndpoint, bool, Task<T?>> attempt, CancellationToken cancellationToken)
    {
        var endpoints = await ReadEndpointsAsync(reference, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var isLast = i == endpoints.Count - 1;
            try
            {
                var result = await attempt(endpoints[i], isLast).ConfigureAwait(false);
                if (result is not null) return result;
            }
            catch (Exception e) when (!isLast && !cancellationToken.IsCancellationRequested
                && e is HttpRequestException or IOException or RegistryException)
            {
                // a mirror is an optimisation: any failure there falls through to the next source
            }
        }
        throw new RegistryException(reference.Registry, $"{what}: not found", HttpStatusCode.NotFound);
    }

    private async Task<IReadOnlyList<RegistryEndpoint>> ReadEndpointsAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var endpoints = _options.Configuration.MirrorsFor(reference.Registry)
            .Select(mirror => new RegistryEndpoint(mirror, mirror.Authority, reference.Repository))
            .ToList();
        endpoints.Add(await UpstreamEndpointAsync(reference, cancellationToken).ConfigureAwait(false));
        return endpoints;
    }

    private async Task<RegistryEndpoint> UpstreamEndpointAsync(ImageReference reference, CancellationToken cancellationToken) =>
        new(await UpstreamAsync(reference.Registry, cancellationToken).ConfigureAwait(false), reference.Registry, reference.Repository);

    /// <summary>
    /// The base URL of a registry's API: HTTPS, except that an insecure registry that does not speak TLS is used over
    /// plain HTTP (docker's behaviour for loopback and <c>--insecure-registry</c> hosts). Probed once per client.
    /// </summary>
    private async Task<Uri> UpstreamAsync(string registry, CancellationToken cancellationToken)
    {
        if (_upstreams.TryGetValue(registry, out var known)) return known;
        var apiHost = registry == ImageReference.DockerHub ? ImageReference.DockerHubApiHost : registry;
        var https = new Uri($"https://{apiHost}/");
        var chosen = https;
        if (_options.Configuration.IsInsecure(registry))
        {
            using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(https, "/v2/"));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                using var response = await _probe.SendAsync(probe, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException)
            {
                chosen = new Uri($"http://{apiHost}/");
            }
        }
        _upstreams[registry] = chosen;
        return chosen;
    }

    private bool IsInsecureHost(string host) =>
        _options.Configuration.IsInsecure(host)
        || _options.Configuration.InsecureRegistries.Any(entry => entry.StartsWith(host + ":", StringComparison.OrdinalIgnoreCase));

    // ---- requests and responses ----

    private HttpRequestMessage ManifestRequest(HttpMethod method, RegistryEndpoint endpoint, ImageReference reference,
        IReadOnlyList<string>? accept)
    {
        var request = new HttpRequestMessage(method, endpoint.Url($"manifests/{reference.ManifestReference}"));
        foreach (var type in accept ?? MediaTypes.ManifestAcceptTypes) request.Headers.Accept.ParseAdd(type);
        endpoint.Apply(request, push: false);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(string registry, HttpRequestMessage request, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is System.Security.Authentication.AuthenticationException)
        {
            throw new RegistryException(registry, $"TLS failed ({e.InnerException.Message}); if this registry is trusted, mark it insecure",
                innerException: e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException)
        {
            // The retry handler has already tried again where that was safe: from here on it is the user's problem.
            throw NetworkFailure(registry, request.RequestUri, e);
        }
    }

    private static RegistryException NetworkFailure(string registry, Uri? uri, Exception e) =>
        new(registry, $"request to {uri?.GetLeftPart(UriPartial.Path)} failed: {e.Message}", innerException: e);

    private static async Task EnsureSuccessAsync(string registry, HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        string? code = null;
        string? message = null;
        try
        {
            // An error body longer than this is no distribution error: the status line says it all.
            var body = await LimitedBody.ReadAsync(response.Content, 64 * 1024, cancellationToken).ConfigureAwait(false);
            if (body is { Length: > 0 })
            {
                var errors = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.RegistryErrorList);
                if (errors?.Errors is [var first, ..])
                {
                    code = first.Code;
                    message = first.Message;
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            // no readable distribution error body: the status line is all there is
        }
        var status = (int)response.StatusCode;
        var text = code is not null
            ? $"{code.ToLowerInvariant().Replace('_', ' ')}: {message}"
            : $"{status} {response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.Unauthorized && code is null) text = "unauthorized: authentication required";
        throw new RegistryException(registry, $"{what}: {text}", response.StatusCode, code);
    }

    private static async Task<byte[]> ReadLimitedAsync(string registry, HttpResponseMessage response, int limit, CancellationToken cancellationToken) =>
        await LimitedBody.ReadAsync(response.Content, limit, cancellationToken).ConfigureAwait(false)
        ?? throw new RegistryException(registry, $"manifest larger than {limit} bytes");

    private static Digest VerifyManifestDigest(string registry, ImageReference reference, byte[] bytes, HttpResponseHeaders headers)
    {
        if (reference.Digest is { } expected)
        {
            var actual = expected.Algorithm == "sha512" ? Convert.ToHexStringLower(SHA512.HashData(bytes)) : Digest.Sha256(bytes).Hex;
            if (actual != expected.Hex)
            {
                throw new RegistryException(registry, $"manifest {reference} does not match its digest (got {expected.Algorithm}:{actual})");
            }
            return expected;
        }
        var digest = Digest.Sha256(bytes);
        var served = headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        if (Digest.TryParse(served, out var servedDigest) && servedDigest.Algorithm == "sha256" && servedDigest != digest)
        {
            throw new RegistryException(registry, $"manifest {reference} is served as {servedDigest} but its bytes are {digest}");
        }
        return digest;
    }

    private static void CheckServedDigest(string registry, HttpResponseMessage response, Digest digest, string what)
    {
        var served = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        if (Digest.TryParse(served, out var servedDigest) && servedDigest.Algorithm == digest.Algorithm && servedDigest != digest)
        {
            throw new RegistryException(registry, $"{what} stored as {servedDigest}, expected {digest}");
        }
    }

    private static string? MediaTypeFromBody(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, RegistryJsonContext.Default.IndexDocument)?.MediaType;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<long> HashExistingAsync(Stream destination, long resumeFrom, IncrementalHash hash, CancellationToken cancellationToken)
    {
        if (resumeFrom <= 0) return 0;
        if (!destination.CanSeek || !destination.CanRead)
        {
            throw new ArgumentException("resuming needs a readable, seekable destination", nameof(destination));
        }
        destination.Position = 0;
        var buffer = new byte[CopyBufferSize];
        var remaining = resumeFrom;
        while (remaining > 0)
        {
            var read = await destination.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new ArgumentException($"destination holds fewer than {resumeFrom} bytes", nameof(resumeFrom));
            hash.AppendData(buffer, 0, read);
            remaining -= read;
        }
        destination.Position = resumeFrom;
        destination.SetLength(resumeFrom);
        return resumeFrom;
    }
}
