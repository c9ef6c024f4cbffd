using System.Globalization;
using System.Text;
using Hoist.Posix;

namespace Hoist.Building.Context.Git;

/// <summary>
/// The committer time of HEAD in the git checkout holding a build context: the default SOURCE_DATE_EPOCH, as BuildKit's
/// <c>SOURCE_DATE_EPOCH=context</c> and buildx's git-derived epoch take it. Read from the repository's files without
/// git; when they cannot be read that way (SHA-256 repositories, an unknown pack version) <c>git</c> is asked if it is
/// installed.
/// </summary>
public static class GitCommitTime
{
    /// <summary>HEAD's commit time in seconds since the epoch, or null when <paramref name="directory"/> is not inside
    /// a checkout, HEAD has no commit yet, or neither the files nor git can tell.</summary>
    public static long? OfHead(string directory)
    {
        try
        {
            return FromFiles(directory);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException
            or IndexOutOfRangeException or ArgumentException or NotSupportedException)
        {
            // git reads every repository format this reader does not.
            return AskGit(directory);
        }
    }

    /// <summary>HEAD's commit time read from the repository's files alone; null when there is no checkout or no commit.
    /// Throws when the repository is in a form this reader does not know.</summary>
    public static long? FromFiles(string directory)
    {
        if (GitDirectories.Find(directory) is not { } repository) return null;
        if (GitRefs.ResolveHead(repository) is not { } id) return null;
        if (id.Length != 40) throw new NotSupportedException("SHA-256 repositories are read through git");
        var commit = new GitObjectStore(repository.CommonDirectory).Read(id) ?? throw new InvalidDataException($"git commit {id} not found");
        return commit.Type == "commit" ? CommitterTime(commit.Content) : throw new InvalidDataException($"git object {id} is a {commit.Type}");
    }

    /// <summary>The <c>committer NAME &lt;EMAIL&gt; SECONDS ZONE</c> header line of a commit.</summary>
    public static long? CommitterTime(byte[] commit)
    {
        foreach (var line in Encoding.UTF8.GetString(commit).Split('\n'))
        {
            if (line.Length == 0) break;
            if (!line.StartsWith("committer ", StringComparison.Ordinal)) continue;
            var fields = line[(line.LastIndexOf('>') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        }
        return null;
    }

    private static long? AskGit(string directory)
    {
        try
        {
            var result = ChildProcess.Run(new ChildProcessStart("git",
                ["-c", "safe.directory=*", "-C", directory, "log", "-1", "--format=%ct"]) { Timeout = TimeSpan.FromSeconds(30) });
            return result.ExitCode == 0 && long.TryParse(result.Output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        }
        catch (Exception e) when (e is ChildProcessStartException or TimeoutException)
        {
            return null;
        }
    }
}
