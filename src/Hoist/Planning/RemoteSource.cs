using System.Text.RegularExpressions;

namespace Hoist.Planning;

/// <summary>Which COPY/ADD sources are remote: known at plan time, so COPY can refuse them before any work.</summary>
public static partial class RemoteSource
{
    /// <summary>http(s) URLs that are not git repositories.</summary>
    public static bool IsHttp(string source) =>
        (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal)) && !IsGit(source);

    /// <summary>
    /// Git sources as BuildKit's dfgitutil recognises them: <c>git://</c> and <c>ssh://</c> URLs, scp-like
    /// <c>user@host:path</c>, and http(s) URLs whose path (before <c>?</c> and <c>#</c>) ends in <c>.git</c>.
    /// <c>github.com/x/y</c> without a scheme reads as a local path, and so it is one.
    /// </summary>
    public static bool IsGit(string source)
    {
        if (source.StartsWith("git://", StringComparison.Ordinal) || source.StartsWith("ssh://", StringComparison.Ordinal)) return true;
        if (ScpLikeGitUrl().IsMatch(source)) return true;
        if (!source.StartsWith("http://", StringComparison.Ordinal) && !source.StartsWith("https://", StringComparison.Ordinal)) return false;
        var end = source.IndexOfAny(['#', '?']);
        return (end < 0 ? source : source[..end]).EndsWith(".git", StringComparison.Ordinal);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+@[A-Za-z0-9.-]+:")]
    private static partial Regex ScpLikeGitUrl();
}
