using System.Text.RegularExpressions;

namespace Hoist.Checks;

/// <summary>
/// BuildKit's SecretsUsedInArgOrEnv patterns: a secret-like word as the whole name or its first/last <c>_</c> part,
/// unless such a part says "public", "file" or "version" (<c>PASSWORD_FILE</c>, <c>AUTH_MODULE_VERSION</c> hold none).
/// </summary>
internal static partial class SecretNames
{
    [GeneratedRegex("(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secret();

    [GeneratedRegex("(?:_|^)(?:public|file|version)(?:_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();

    public static bool LooksSecret(string name) => Secret().IsMatch(name) && !Allowed().IsMatch(name);
}
