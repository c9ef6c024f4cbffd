using System.Text.Json.Serialization;

namespace Hoist.Registry;

/// <summary>A token server's answer (distribution docs, "Token Authentication Specification": token or access_token).</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }
}
