using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Hoist.Registry;

/// <summary>
/// Answers registry challenges (distribution "Token Authentication Specification"): Basic with the user's
/// credentials, or Bearer by fetching a token from the challenge's realm for the scopes the request needs, sending
/// Basic credentials to the token server when there are any. Challenges are remembered per registry so later
/// requests authenticate up front, and tokens are cached per (registry, scopes, user) until they expire.
/// Credentials and tokens only ever go into Authorization headers, never into messages.
/// </summary>
internal sealed class RegistryAuthenticationHandler(ICredentialProvider credentials, TimeProvider time) : DelegatingHandler
{
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    /// <summary>1 MiB: a token is a few KB; a token server is often not the registry and no more trusted.</summary>
    private const int MaxTokenReplyBytes = 1 << 20;

    private readonly ConcurrentDictionary<string, AuthenticationChallenge> _challenges = new();
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new();

    private int _tokensFetched;

    /// <summary>How many tokens were fetched from a token server (tests check caching with it).</summary>
    public int TokensFetched => Volatile.Read(ref _tokensFetched);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("request without URI");
        var authority = uri.GetLeftPart(UriPartial.Authority);
        var scopes = request.Options.TryGetValue(RegistryRequestOptions.Scopes, out var requested) ? requested : [];
        if (request.Headers.Authorization is null && _challenges.TryGetValue(authority, out var known))
        {
            await AuthorizeAsync(request, known, scopes, refresh: false, cancellationToken).ConfigureAwait(false);
        }
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        var challenges = response.Headers.WwwAuthenticate
            .SelectMany(header => AuthenticationChallenge.Parse(header.ToString()))
            .ToList();
        var challenge = challenges.FirstOrDefault(c => c.IsBearer && c.Realm is not null) ?? challenges.FirstOrDefault(c => c.IsBasic);
        if (challenge is null) return response;
        _challenges[authority] = challenge;
        var needed = scopes.Concat(challenge.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []).ToList();
        var replayable = request.Content is null or ByteArrayContent;
        if (!replayable || !await AuthorizeAsync(request, challenge, needed, refresh: true, cancellationToken).ConfigureAwait(false))
        {
            return response;
        }
        response.Dispose();
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the Authorization header for a challenge; false when there is nothing to send.</summary>
    private async Task<bool> AuthorizeAsync(HttpRequestMessage request, AuthenticationChallenge challenge, IReadOnlyList<string> scopes,
        bool refresh, CancellationToken cancellationToken)
    {
        var credential = await CredentialForAsync(request, cancellationToken).ConfigureAwait(false);
        if (challenge.IsBasic)
        {
            if (credential is null) return false;
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.ToBasicParameter());
            return true;
        }
        var scopeKey = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var key = $"{challenge.Realm}|{challenge.Service}|{scopeKey}|{credential?.Username}";
        var now = time.GetUtcNow();
        if (refresh || !_tokens.TryGetValue(key, out var cached) || cached.ExpiresAt <= now)
        {
            cached = await FetchTokenAsync(request, challenge, scopes, credential, cancellationToken).ConfigureAwait(false);
            _tokens[key] = cached;
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cached.Token);
        return true;
    }

    private async Task<RegistryCredential?> CredentialForAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(RegistryRequestOptions.Credential, out var explicitCredential)) return explicitCredential;
        var registry = request.Options.TryGetValue(RegistryRequestOptions.Registry, out var name) ? name : request.RequestUri!.Authority;
        return await credentials.GetAsync(registry, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CachedToken> FetchTokenAsync(HttpRequestMessage original, AuthenticationChallenge challenge,
        IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var registry = original.RequestUri!.Authority;
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("http" or "https"))
        {
            throw new RegistryException(registry, $"token realm \"{challenge.Realm}\" is not an http(s) URL");
        }
        var query = new List<string>();
        if (challenge.Service is { } service) query.Add("service=" + Uri.EscapeDataString(service));
        foreach (var scope in scopes.Distinct(StringComparer.Ordinal)) query.Add("scope=" + Uri.EscapeDataString(scope));
        if (credential is not null) query.Add("account=" + Uri.EscapeDataString(credential.Username));
        query.Add("client_id=hoist");
        var builder = new UriBuilder(realm);
        builder.Query = string.Join('&', new[] { builder.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query));

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential is not null)
        {
            tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.ToBasicParameter());
        }
        using var response = await base.SendAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var who = credential is null ? "anonymous access" : $"user \"{credential.Username}\"";
            throw new RegistryException(registry, $"unauthorized: the token server refused {who}", response.StatusCode, "UNAUTHORIZED");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(registry, $"token server answered {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
        }
        var body = await LimitedBody.ReadAsync(response.Content, MaxTokenReplyBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryException(registry, $"token server sent a reply larger than {MaxTokenReplyBytes >> 20} MiB");
        TokenResponse? token;
        try
        {
            token = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TokenResponse);
        }
        catch (JsonException)
        {
            throw new RegistryException(registry, "token server sent a reply that is not JSON");
        }
        var value = token?.Token is { Length: > 0 } t ? t : token?.AccessToken;
        if (string.IsNullOrEmpty(value)) throw new RegistryException(registry, "token server sent no token");
        Interlocked.Increment(ref _tokensFetched);
        var lifetime = token!.ExpiresIn is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : DefaultTokenLifetime;
        // Stop using a token a little before it expires so a request in flight does not carry a stale one.
        var margin = TimeSpan.FromSeconds(Math.Min(10, lifetime.TotalSeconds / 2));
        return new CachedToken(value, time.GetUtcNow() + lifetime - margin);
    }

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresAt);
}
