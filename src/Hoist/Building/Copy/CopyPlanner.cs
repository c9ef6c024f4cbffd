using Hoist.Building.Context;

namespace Hoist.Building.Copy;

/// <summary>
/// Turns a COPY/ADD into a <see cref="CopyPlan"/> with BuildKit's semantics (dockerfile2llb dispatchCopy + the file-op
/// backend + fsutil's copier): sources resolved in the source root with symlinks scoped to it, wildcards per Go's
/// filepath.Match, a directory source copies its contents, a relative destination is resolved against WORKDIR, missing
/// destination directories are created, --chown/--chmod/--exclude/--parents applied, heredocs written as files, and for
/// ADD local archives extracted, URLs downloaded and git repositories cloned.
/// </summary>
public sealed class CopyPlanner(ICopySource? source, CopyDestination destination)
{
    public const string MultipleSourcesError =
        "When using COPY with more than one source file, the destination must be a directory and end with a /";

    public CopyPlan Plan(CopyRequest request) => new CopyPlanBuilder(source, destination, request).Build();

    /// <summary>http(s) URLs that are not git repositories.</summary>
    public static bool IsHttpSource(string source) =>
        (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal)) && !IsGitSource(source);

    /// <summary>
    /// Git sources as BuildKit's dfgitutil recognises the unambiguous ones: <c>git@host:path</c>, <c>git://</c>,
    /// <c>ssh://</c>, and http(s) URLs whose path ends in <c>.git</c> (an optional <c>#ref:subdir</c> fragment).
    /// Forms that also read as a local path (<c>github.com/x/y</c>) are local paths.
    /// </summary>
    public static bool IsGitSource(string source)
    {
        if (source.StartsWith("git@", StringComparison.Ordinal) || source.StartsWith("git://", StringComparison.Ordinal)
            || source.StartsWith("ssh://", StringComparison.Ordinal)) return true;
        if (!source.StartsWith("http://", StringComparison.Ordinal) && !source.StartsWith("https://", StringComparison.Ordinal)) return false;
        var end = source.IndexOfAny(['#', '?']);
        var path = end < 0 ? source : source[..end];
        return path.EndsWith(".git", StringComparison.Ordinal) || path.EndsWith(".git/", StringComparison.Ordinal);
    }

    /// <summary>The file name a heredoc word such as <c>&lt;&lt;-"EOF"</c> stands for.</summary>
    internal static string HeredocName(string word)
    {
        var start = word.IndexOf("<<", StringComparison.Ordinal) + 2;
        var name = word[start..].TrimStart('-').Trim();
        if (name.Length >= 2 && (name[0] is '"' or '\'') && name[^1] == name[0]) name = name[1..^1];
        return name;
    }
}
