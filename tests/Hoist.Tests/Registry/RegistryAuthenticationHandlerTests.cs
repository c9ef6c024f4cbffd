using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hoist.Posix;
using Hoist.Registry;

namespace Hoist.Tests.Registry;

/// <summary>The challenge/token flow against a scripted registry and token server (no network).</summary>
public sealed class RegistryAuthenticationHandlerTests
{
    private const string Realm = "http://auth.test/token";

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class FixedCredentials(RegistryCredential? credential) : ICredentialProvider
    {
        public Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken) => Task.FromResult(credential);
    }

    /// <summary>A registry that wants "Bearer good-N" tokens and a token server that numbers the tokens it issues.</summary>
    private sealed class FakeServers(string scheme = "Bearer", string tokenJson = "{{\"token\":\"good-{0}\",\"expires_in\":300}}") : HttpMessageHandler
    {
        /// <summary>When set, the token server answers with this body instead of <c>tokenJson</c>.</summary>
        public Func<HttpContent>? TokenBody { get; init; }

        public List<HttpRequestMessage> Requests { get; } = [];
        public int Tokens { get; private set; }
        public HashSet<string> Rejected { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var uri = request.RequestUri!;
            if (uri.Host == "auth.test")
            {
                if (request.Headers.Authorization?.Parameter is { } basic && Encoding.UTF8.GetString(Convert.FromBase64String(basic)) != "u:p")
                {
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized));
                }
                Tokens++;
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = TokenBody?.Invoke() ?? new StringContent(string.Format(tokenJson, Tokens)),
                });
            }
            var auth = request.Headers.Authorization;
            var ok = scheme == "Bearer"
                ? auth is { Scheme: "Bearer", Parameter: { } token } && token.StartsWith("good-") && !Rejected.Contains(token)
                : auth is { Scheme: "Basic" };
            if (ok) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
            var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.Add(scheme == "Bearer"
                ? new AuthenticationHeaderValue("Bearer", $"realm=\"{Realm}\",service=\"reg\",scope=\"repository:a:pull\"")
                : new AuthenticationHeaderValue("Basic", "realm=\"r\""));
            return Task.FromResult(response);
        }
    }

    private static (HttpMessageInvoker Invoker, RegistryAuthenticationHandler Handler) Create(FakeServers servers, RegistryCredential? credential,
        TimeProvider time)
    {
        var handler = new RegistryAuthenticationHandler(new FixedCredentials(credential), time) { InnerHandler = servers };
        return (new HttpMessageInvoker(handler), handler);
    }

    private static HttpRequestMessage Get(params string[] scopes)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://registry.test/v2/a/manifests/latest");
        request.Options.Set(RegistryRequestOptions.Scopes, (IReadOnlyList<string>)scopes);
        return request;
    }

    [Fact]
    public async Task A_bearer_challenge_is_answered_with_a_token_fetched_with_basic_credentials()
    {
        var servers = new FakeServers();
        var (invoker, _) = Create(servers, new RegistryCredential("u", "p"), new ManualTime());

        using var response = await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokenRequest = Assert.Single(servers.Requests, r => r.RequestUri!.Host == "auth.test");
        Assert.Equal("service=reg&scope=repository%3Aa%3Apull&account=u&client_id=hoist", tokenRequest.RequestUri!.Query.TrimStart('?'));
        Assert.Equal("Basic", tokenRequest.Headers.Authorization?.Scheme);
        Assert.Equal("Bearer good-1", servers.Requests.Last().Headers.Authorization?.ToString());
    }

    [Fact]
    public async Task Tokens_are_cached_per_scope_until_they_expire()
    {
        var servers = new FakeServers();
        var time = new ManualTime();
        var (invoker, handler) = Create(servers, null, time);

        (await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None)).Dispose();
        (await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None)).Dispose();
        Assert.Equal(1, handler.TokensFetched);
        Assert.Equal(4, servers.Requests.Count); // 401, token, retry; then the cached token went up front: one request

        (await invoker.SendAsync(Get("repository:a:pull,push"), CancellationToken.None)).Dispose();
        Assert.Equal(2, handler.TokensFetched); // another scope, another token

        time.Now += TimeSpan.FromSeconds(295); // within the safety margin before expiry
        (await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None)).Dispose();
        Assert.Equal(3, handler.TokensFetched);
    }

    [Fact]
    public async Task A_rejected_token_is_replaced_once_and_the_request_resent()
    {
        var servers = new FakeServers();
        var (invoker, handler) = Create(servers, null, new ManualTime());
        (await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None)).Dispose();
        servers.Rejected.Add("good-1");

        using var response = await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, handler.TokensFetched);
        Assert.Equal("Bearer good-2", servers.Requests.Last().Headers.Authorization?.ToString());
    }

    [Fact]
    public async Task Access_token_without_expiry_is_accepted_and_lives_sixty_seconds()
    {
        var servers = new FakeServers(tokenJson: "{{\"access_token\":\"good-{0}\"}}");
        var time = new ManualTime();
        var (invoker, handler) = Create(servers, null, time);

        (await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None)).Dispose();
        time.Now += TimeSpan.FromSeconds(45);
        (await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None)).Dispose();
        Assert.Equal(1, handler.TokensFetched);
        time.Now += TimeSpan.FromSeconds(10);
        (await invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None)).Dispose();
        Assert.Equal(2, handler.TokensFetched);
    }

    [Fact]
    public async Task A_refused_password_is_an_error_that_names_the_user_but_not_the_password()
    {
        var servers = new FakeServers();
        var (invoker, _) = Create(servers, new RegistryCredential("u", "wrong-secret"), new ManualTime());

        var error = await Assert.ThrowsAsync<RegistryException>(() => invoker.SendAsync(Get(), CancellationToken.None));

        Assert.Contains("\"u\"", error.Message);
        Assert.DoesNotContain("wrong-secret", error.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Basic_challenges_get_credentials_and_are_then_sent_up_front()
    {
        var servers = new FakeServers("Basic");
        var (invoker, _) = Create(servers, new RegistryCredential("u", "p"), new ManualTime());

        (await invoker.SendAsync(Get(), CancellationToken.None)).Dispose();
        using var second = await invoker.SendAsync(Get(), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(3, servers.Requests.Count);
        Assert.Equal(Convert.ToBase64String("u:p"u8), servers.Requests[2].Headers.Authorization?.Parameter);
    }

    [Fact]
    public async Task Without_credentials_a_basic_challenge_is_returned_as_is()
    {
        var servers = new FakeServers("Basic");
        var (invoker, _) = Create(servers, null, new ManualTime());

        using var response = await invoker.SendAsync(Get(), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(servers.Requests);
    }

    [Fact]
    public async Task A_token_server_streaming_without_end_is_refused_after_1_MiB()
    {
        // Before, the reply was buffered whole: up to 2 GiB of memory for one hostile token server.
        var endless = new EndlessStream();
        var servers = new FakeServers { TokenBody = () => new StreamContent(endless) };
        var (invoker, _) = Create(servers, null, new ManualTime());

        var error = await Assert.ThrowsAsync<RegistryException>(() => invoker.SendAsync(Get("repository:a:pull"), CancellationToken.None));

        Assert.Contains("token server sent a reply larger than 1 MiB", error.Message);
        Assert.InRange(endless.Served, 1 << 20, (1 << 20) + (64 << 10));
    }

    /// <summary>A body that never ends; counts the bytes handed out.</summary>
    private sealed class EndlessStream : ReadOnlyStream
    {
        public long Served { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            buffer.Fill((byte)'a');
            Served += buffer.Length;
            return buffer.Length;
        }
    }
}
