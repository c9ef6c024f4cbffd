using Hoist.Posix;

namespace Hoist.Building.Context;

/// <summary>
/// An ordered list of <see cref="PathPattern"/>s where later patterns win: a path is matched when the last pattern that
/// applies to it (or to one of its parent directories) is not an exception. This is patternmatcher's
/// MatchesOrParentMatches, the rule BuildKit uses for .dockerignore and for COPY --exclude.
/// </summary>
public sealed class PathPatternSet
{
    public static readonly PathPatternSet Empty = new([]);

    public PathPatternSet(IEnumerable<PathPattern> patterns)
    {
        Patterns = patterns.ToArray();
        HasExceptions = Patterns.Any(p => p.IsException);
        // fsutil can only prune an excluded directory when every exception is a plain path (maybe ending in /* or
        // /**); with a glob anywhere else an exception might match at any depth.
        ExceptionsArePlainPaths = Patterns.Where(p => p.IsException).All(IsPlainPath);
        InclusionsArePlainPaths = Patterns.Where(p => !p.IsException).All(IsPlainPath);
    }

    public IReadOnlyList<PathPattern> Patterns { get; }

    public bool HasExceptions { get; }

    public bool IsEmpty => Patterns.Count == 0;

    private bool ExceptionsArePlainPaths { get; }

    private bool InclusionsArePlainPaths { get; }

    /// <summary>Parses patterns one by one (blank ones skipped); a malformed one throws <see cref="HoistException"/>.</summary>
    public static PathPatternSet Parse(IEnumerable<string> patterns) =>
        new(patterns.Select(PathPattern.Parse).OfType<PathPattern>());

    /// <summary>Whether <paramref name="relativePath"/> (slash-separated, relative to the root) is matched.</summary>
    public bool Matches(string relativePath)
    {
        if (Patterns.Count == 0) return false;
        var path = UnixPath.Clean(relativePath);
        if (path == ".") return false;
        var matched = false;
        foreach (var pattern in Patterns)
        {
            // An inclusion cannot change an already matched path, nor an exception an unmatched one.
            if (pattern.IsException != matched) continue;
            var match = pattern.Matches(path) || MatchesAParent(pattern, path);
            if (match) matched = !pattern.IsException;
        }
        return matched;
    }

    /// <summary>
    /// Whether something below the matched directory <paramref name="relativeDirectory"/> could be re-included by an
    /// exception, so a walker must still descend into it.
    /// </summary>
    public bool MayReincludeBelow(string relativeDirectory)
    {
        if (!HasExceptions) return false;
        if (!ExceptionsArePlainPaths) return true;
        var prefix = relativeDirectory + "/";
        return Patterns.Any(p => p.IsException && (p.WithoutTrailingGlob() + "/").StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether an inclusion pattern could match something below the unmatched directory
    /// <paramref name="relativeDirectory"/> (used to prune walks for <c>COPY --parents</c> include patterns).
    /// </summary>
    public bool MayMatchBelow(string relativeDirectory)
    {
        if (!InclusionsArePlainPaths) return true;
        var prefix = relativeDirectory + "/";
        return Patterns.Any(p => !p.IsException && (p.WithoutTrailingGlob() + "/").StartsWith(prefix, StringComparison.Ordinal));
    }

    private static bool IsPlainPath(PathPattern pattern) =>
        pattern.WithoutTrailingGlob().IndexOfAny(['*', '[', ']', '?', '^', '\\']) < 0;

    private static bool MatchesAParent(PathPattern pattern, string path)
    {
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (pattern.Matches(path.AsSpan(0, slash))) return true;
        }
        return false;
    }
}
