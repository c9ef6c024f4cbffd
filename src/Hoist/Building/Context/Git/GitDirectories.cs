namespace Hoist.Building.Context.Git;

/// <summary>
/// Where a checkout keeps its repository: <see cref="GitDirectory"/> holds HEAD (per worktree), <see cref="CommonDirectory"/>
/// the refs, packed-refs and objects shared by every worktree. A linked worktree (or a submodule) has a <c>.git</c>
/// file saying <c>gitdir: PATH</c>, and that directory a <c>commondir</c> file naming the main repository's.
/// </summary>
public sealed record GitDirectories(string GitDirectory, string CommonDirectory)
{
    /// <summary>The repository of the checkout that contains <paramref name="directory"/> (it or a parent holds
    /// <c>.git</c>), or null when there is none.</summary>
    public static GitDirectories? Find(string directory)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(directory)); current is not null; current = current.Parent)
        {
            var dotGit = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(dotGit)) return WithCommon(dotGit);
            if (File.Exists(dotGit)) return FromGitFile(dotGit);
        }
        return null;
    }

    private static GitDirectories? FromGitFile(string file)
    {
        var text = File.ReadAllText(file).Trim();
        const string prefix = "gitdir:";
        if (!text.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var target = Path.GetFullPath(text[prefix.Length..].Trim(), Path.GetDirectoryName(file)!);
        return Directory.Exists(target) ? WithCommon(target) : null;
    }

    private static GitDirectories WithCommon(string gitDirectory)
    {
        var commonFile = Path.Combine(gitDirectory, "commondir");
        if (!File.Exists(commonFile)) return new(gitDirectory, gitDirectory);
        var common = Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDirectory);
        return new(gitDirectory, common);
    }
}
