using System.Text.RegularExpressions;
using Hoist.Building.Context;
using Hoist.Dispatch;

namespace Hoist.Building.Copy;

/// <summary>
/// Turns a COPY/ADD into a <see cref="CopyPlan"/> with BuildKit's semantics (dockerfile2llb dispatchCopy + the file-op
/// backend + fsutil's copier): sources resolved in the source root with symlinks scoped to it, wildcards per Go's
/// filepath.Match, a directory source copies its contents, a relative destination is resolved against WORKDIR, missing
/// destination directories are created, --chown/--chmod/--exclude/--parents applied, heredocs written as files, and for
/// ADD local archives extracted, URLs downloaded and git repositories cloned.
/// </summary>
public sealed partial class CopyPlanner(ICopySource? source, CopyDestination destination)
{
    public const string MultipleSourcesError =
        "When using COPY with more than one source file, the destination must be a directory and end with a /";

    public CopyPlan Plan(CopyRequest request) => new CopyPlanBuilder(source, destination, request).Build();

    /// <summary>http(s) URLs that are not git repositories.</summary>
    public static bool IsHttpSource(string source) =>
        (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal)) && !IsGitSource(source);

    /// <summary>
    /// Git sources as BuildKit's dfgitutil recognises them: <c>git://</c> and <c>ssh://</c> URLs, scp-like
    /// <c>user@host:path</c>, and http(s) URLs whose path (before <c>?</c> and <c>#</c>) ends in <c>.git</c>.
    /// <c>github.com/x/y</c> without a scheme reads as a local path, and so it is one.
    /// </summary>
    public static bool IsGitSource(string source)
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
