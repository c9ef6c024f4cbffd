namespace Hoist.Registry;

/// <summary>A username and secret for one registry. <see cref="ToString"/> never shows the secret.</summary>
public sealed record RegistryCredential(string Username, string Password)
{
    public string ToBasicParameter() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public override string ToString() => $"RegistryCredential {{ Username = {Username}, Password = *** }}";
}
