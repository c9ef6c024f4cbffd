namespace Hoist.Registry;

/// <summary>One place a repository can be reached: the registry itself or a mirror of it.</summary>
internal sealed record RegistryEndpoint(Uri BaseUri, string Registry, string Repository)
{
    public Uri Url(string relative) => new(BaseUri, $"{BaseUri.AbsolutePath.TrimEnd('/')}/v2/{Repository}/{relative}");

    /// <summary>Tags a request with what the auth handler needs: whose credentials, which token scopes.</summary>
    public void Apply(HttpRequestMessage request, bool push, IReadOnlyList<string>? extraScopes = null)
    {
        request.Options.Set(RegistryRequestOptions.Registry, Registry);
        IReadOnlyList<string> scopes = [$"repository:{Repository}:{(push ? "pull,push" : "pull")}", .. extraScopes ?? []];
        request.Options.Set(RegistryRequestOptions.Scopes, scopes);
    }
}
