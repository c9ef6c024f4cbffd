using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Hoist.Archives;

namespace Hoist.Analysis;

/// <summary>
/// Finds private keys and credentials: any small file whose content has a PEM or PuTTY private-key header, SSH key
/// files by name, and the well-known credential files (<c>.git-credentials</c>, <c>.npmrc</c> with an auth token,
/// <c>.aws/credentials</c>, <c>.docker/config.json</c> with auths, <c>.netrc</c>, <c>.pypirc</c>, <c>.env</c> files
/// setting a secret-looking variable) when they really hold a value.
/// </summary>
public sealed partial class SecretInspector : FileInspector
{
    /// <summary>Keys and credential files are small; reading every small file costs little next to decompressing it.</summary>
    public const int MaxSniffSize = 64 << 10;

    private static readonly string[] SshKeyNames = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"];

    public override bool Wants(string path, TarEntry entry) => entry.Size is > 0 and <= MaxSniffSize;

    public override FileEvidence? Inspect(string path, TarEntry entry, Stream content)
    {
        // Most small files are neither: a pooled buffer, and text decoded only for a credential file's name.
        var size = (int)entry.Size;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var bytes = buffer.AsSpan(0, size);
            content.ReadExactly(bytes);
            if (PrivateKeyKind(bytes) is { } kind) return new SecretEvidence(FindingKind.PrivateKey, kind);
            var name = path[(path.LastIndexOf('/') + 1)..];
            if (SshKeyNames.Contains(name)) return new SecretEvidence(FindingKind.PrivateKey, "SSH private key file name");
            return IsCredentialFileName(name) && CredentialKind(path, name, Encoding.UTF8.GetString(bytes)) is { } credential
                ? new SecretEvidence(FindingKind.Credential, credential)
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsCredentialFileName(string name) =>
        name is ".git-credentials" or ".npmrc" or "credentials" or "config.json" or ".netrc" or "_netrc" or ".pypirc" || IsEnvFile(name);

    /// <summary>"PEM private key (RSA)" and the like, or null.</summary>
    public static string? PrivateKeyKind(ReadOnlySpan<byte> content)
    {
        var marker = content.IndexOf("PRIVATE KEY-----"u8);
        if (marker < 0) return content.IndexOf("PuTTY-User-Key-File-"u8) >= 0 ? "PuTTY private key" : null;
        var begin = content[..marker].LastIndexOf("-----BEGIN "u8);
        if (begin < 0 || content[begin..marker].Contains((byte)'\n')) return null;
        var algorithm = Encoding.ASCII.GetString(content[(begin + 11)..marker]).Trim();
        return algorithm.Length == 0 ? "PEM private key" : $"PEM private key ({algorithm})";
    }

    private static string? CredentialKind(string path, string name, string text) => name switch
    {
        ".git-credentials" when GitCredential().IsMatch(text) => "git credentials with a password",
        ".npmrc" when NpmToken().IsMatch(text) => "npm auth token",
        "credentials" when path.EndsWith("/.aws/credentials", StringComparison.Ordinal) && AwsSecret().IsMatch(text) => "AWS secret access key",
        "config.json" when path.EndsWith("/.docker/config.json", StringComparison.Ordinal) && DockerAuth().IsMatch(text) => "registry credentials",
        ".netrc" or "_netrc" when NetrcPassword().IsMatch(text) => "netrc password",
        ".pypirc" when IniPassword().IsMatch(text) => "PyPI password",
        _ when IsEnvFile(name) && EnvSecret().Match(text) is { Success: true } match => $"{match.Groups["key"].Value} set in an env file",
        _ => null,
    };

    private static bool IsEnvFile(string name) =>
        name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal) || name.EndsWith(".env", StringComparison.Ordinal);

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://[^:/@\s]+:[^@\s]+@", RegexOptions.Multiline)]
    private static partial Regex GitCredential();

    // A value that is a ${VAR} reference is filled in at run time, not shipped.
    [GeneratedRegex(@"(?:_authToken|_auth|_password)[ \t]*=[ \t]*(?!\$\{)\S+", RegexOptions.Multiline)]
    private static partial Regex NpmToken();

    [GeneratedRegex(@"^[ \t]*aws_secret_access_key[ \t]*=[ \t]*\S+", RegexOptions.Multiline)]
    private static partial Regex AwsSecret();

    [GeneratedRegex(@"""auth""\s*:\s*""[^""]+""")]
    private static partial Regex DockerAuth();

    [GeneratedRegex(@"\bpassword[ \t]+\S+")]
    private static partial Regex NetrcPassword();

    [GeneratedRegex(@"^[ \t]*password[ \t]*[=:][ \t]*\S+", RegexOptions.Multiline)]
    private static partial Regex IniPassword();

    [GeneratedRegex(@"^[ \t]*(?:export[ \t]+)?(?<key>[A-Za-z0-9_]*(?:SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|ACCESS_KEY)[A-Za-z0-9_]*)[ \t]*=[ \t]*(?!\$\{)[""']?[^\s""'#]+", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex EnvSecret();
}
