using System.Text.RegularExpressions;

namespace Hoist.Checks;

/// <summary>BuildKit's SecretsUsedInArgOrEnv patterns: a secret-like word as the whole name or its first/last <c>_</c> part, unless "public".</summary>
internal static partial class SecretNames
{
    [GeneratedRegex("(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secret();

    [GeneratedRegex("(?:_|^)(?:public)(?:_|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Public();

    public static bool LooksSecret(string name) => Secret().IsMatch(name) && !Public().IsMatch(name);
}
