namespace Hoist.Building.Context.Git;

/// <summary>Picks the commit a ref names out of <c>git ls-remote</c> output (<c>ID TAB NAME</c> lines), in git's own
/// order of precedence: the name as written, then a branch, then a tag (peeled to its commit), then any ref under
/// <c>refs/</c> (<c>pull/42/head</c>).</summary>
internal static class GitRemoteRefs
{
    public static GitResolution? Pick(IReadOnlyDictionary<string, string> refs, string? gitRef)
    {
        if (gitRef is null) return refs.TryGetValue("HEAD", out var head) ? new GitResolution(head, "HEAD") : null;
        string[] candidates = gitRef.StartsWith("refs/", StringComparison.Ordinal)
            ? [gitRef]
            : ["refs/heads/" + gitRef, "refs/tags/" + gitRef, "refs/" + gitRef];
        foreach (var name in candidates)
        {
            if (!refs.TryGetValue(name, out var id)) continue;
            // An annotated tag names a tag object; ls-remote lists the commit it points at as NAME^{}.
            return new GitResolution(refs.TryGetValue(name + "^{}", out var peeled) ? peeled : id, name);
        }
        return null;
    }

    /// <summary>Parses ls-remote lines; malformed ones are skipped.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> lines)
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var tab = line.IndexOf('\t');
            if (tab is not (40 or 64) || !line[..tab].All(char.IsAsciiHexDigitLower)) continue;
            refs.TryAdd(line[(tab + 1)..], line[..tab]);
        }
        return refs;
    }
}
