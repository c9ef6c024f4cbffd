using System.Text;

namespace Hoist.Registry;

/// <summary>
/// One challenge from a <c>WWW-Authenticate</c> header (RFC 7235): a scheme and its auth-params, e.g.
/// <c>Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull,push"</c>.
/// </summary>
public sealed record AuthenticationChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    public string? Error => Parameters.GetValueOrDefault("error");

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses every challenge in a header value. A comma separates both parameters and challenges, so a new
    /// challenge starts where a bare token is not followed by '='.
    /// </summary>
    public static IReadOnlyList<AuthenticationChallenge> Parse(string header)
    {
        var challenges = new List<AuthenticationChallenge>();
        string? scheme = null;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < header.Length)
        {
            SkipSeparators(header, ref i);
            if (i >= header.Length) break;
            var token = ReadToken(header, ref i);
            if (token.Length == 0)
            {
                i++; // a character that cannot start a token: skip rather than loop forever
                continue;
            }
            var afterToken = i;
            SkipSpaces(header, ref i);
            if (i < header.Length && header[i] == '=' && scheme is not null)
            {
                i++;
                SkipSpaces(header, ref i);
                var value = i < header.Length && header[i] == '"' ? ReadQuoted(header, ref i) : ReadToken(header, ref i);
                parameters[token] = value;
                continue;
            }
            if (i < header.Length && header[i] == '=' && scheme is null)
            {
                // token68 or a parameter with no scheme: not a form registries send; ignore it
                i++;
                ReadToken(header, ref i);
                continue;
            }
            i = afterToken;
            if (scheme is not null) challenges.Add(new AuthenticationChallenge(scheme, parameters));
            scheme = token;
            parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }
        if (scheme is not null) challenges.Add(new AuthenticationChallenge(scheme, parameters));
        return challenges;
    }

    private static void SkipSpaces(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t') i++;
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or ',') i++;
    }

    private static string ReadToken(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && s[i] is not (' ' or '\t' or ',' or '=' or '"')) i++;
        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var value = new StringBuilder();
        i++; // opening quote
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length) i++;
            value.Append(s[i]);
            i++;
        }
        i++; // closing quote (or past the end when unterminated)
        return value.ToString();
    }
}
