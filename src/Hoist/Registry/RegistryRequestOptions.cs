namespace Hoist.Registry;

/// <summary>Per-request facts the handler pipeline needs, carried in <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class RegistryRequestOptions
{
    /// <summary>The token scopes an operation needs, e.g. <c>repository:a/b:pull,push</c>, asked for up front.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<string>> Scopes = new("hoist.registry.scopes");

    /// <summary>Explicit credentials that override the provider (login verification).</summary>
    public static readonly HttpRequestOptionsKey<RegistryCredential> Credential = new("hoist.registry.credential");

    /// <summary>Set on probes whose failure is an answer, not a fault (scheme detection).</summary>
    public static readonly HttpRequestOptionsKey<bool> NoRetry = new("hoist.registry.noretry");

    /// <summary>The registry host as users name it, for credential lookup (the URL may point at a mirror or an API host).</summary>
    public static readonly HttpRequestOptionsKey<string> Registry = new("hoist.registry.name");
}
