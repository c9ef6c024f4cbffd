namespace Hoist.Building.Context.Git;

/// <summary>Resolves HEAD to a commit id as git does: symbolic refs (<c>ref: refs/heads/main</c>) followed through
/// loose ref files (the worktree's own first, then the common directory's) and <c>packed-refs</c>.</summary>
public static class GitRefs
{
    private const int MaxSymbolicDepth = 5;

    /// <summary>The commit id HEAD names (hex), or null for an unborn branch or an unreadable ref.</summary>
    public static string? ResolveHead(GitDirectories repository) => Resolve(repository, "HEAD", 0);

    private static string? Resolve(GitDirectories repository, string name, int depth)
    {
        if (depth > MaxSymbolicDepth) return null;
        var value = ReadLooseRef(repository, name) ?? ReadPackedRef(repository.CommonDirectory, name);
        if (value is null) return null;
        const string symbolic = "ref:";
        return value.StartsWith(symbolic, StringComparison.Ordinal)
            ? Resolve(repository, value[symbolic.Length..].Trim(), depth + 1)
            : IsObjectId(value) ? value : null;
    }

    private static string? ReadLooseRef(GitDirectories repository, string name)
    {
        if (name.Split('/').Any(part => part is "" or "." or "..")) return null;
        foreach (var root in new[] { repository.GitDirectory, repository.CommonDirectory })
        {
            var path = Path.Combine(root, name);
            if (File.Exists(path)) return File.ReadAllText(path).Trim();
        }
        return null;
    }

    /// <summary>packed-refs lines are <c>ID NAME</c>; <c>#</c> starts the header and <c>^</c> a peeled tag.</summary>
    private static string? ReadPackedRef(string commonDirectory, string name)
    {
        var path = Path.Combine(commonDirectory, "packed-refs");
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || line.StartsWith('^')) continue;
            var space = line.IndexOf(' ');
            if (space > 0 && line[(space + 1)..] == name) return line[..space];
        }
        return null;
    }

    public static bool IsObjectId(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigitLower);
}
