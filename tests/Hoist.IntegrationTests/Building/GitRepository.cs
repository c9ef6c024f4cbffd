namespace Hoist.IntegrationTests.Building;

/// <summary>A git repository in a temp directory with one commit at a fixed committer time, and clones of it: each
/// clone's files are written when it is cloned, so two clones made apart have different mtimes.</summary>
public sealed class GitRepository : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-git-").FullName;

    public GitRepository(long commitTime, params (string Name, string Content)[] files)
        : this(commitTime, [.. files.Select(f => (f.Name, (Action<string>)(path => File.WriteAllText(path, f.Content))))])
    {
    }

    /// <summary>A repository holding a copy of <paramref name="source"/>'s files (modes kept).</summary>
    public static GitRepository Of(string source, long commitTime) =>
        new(commitTime, [.. Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Select(file => (Path.GetRelativePath(source, file), (Action<string>)(path => File.Copy(file, path))))]);

    private GitRepository(long commitTime, (string Name, Action<string> Write)[] files)
    {
        CommitTime = commitTime;
        Origin = Path.Combine(_root, "origin");
        foreach (var (name, write) in files)
        {
            var path = Path.Combine(Origin, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            write(path);
        }
        HostCommand.Run("git", "-C", Origin, "init", "-q", "-b", "main");
        HostCommand.Run("git", "-C", Origin, "add", "-A");
        HostCommand.Run("env", $"GIT_COMMITTER_DATE=@{commitTime} +0000", "git", "-C", Origin, "-c", "user.name=t", "-c", "user.email=t@x",
            "commit", "-q", "--no-gpg-sign", "-m", "fixture", $"--date=@{commitTime} +0000");
    }

    public long CommitTime { get; }

    /// <summary>Another commit on the origin at <paramref name="commitTime"/> writing <paramref name="files"/>.</summary>
    public void Commit(long commitTime, params (string Name, string Content)[] files)
    {
        foreach (var (name, content) in files) File.WriteAllText(Path.Combine(Origin, name), content);
        HostCommand.Run("git", "-C", Origin, "add", "-A");
        HostCommand.Run("env", $"GIT_COMMITTER_DATE=@{commitTime} +0000", "git", "-C", Origin, "-c", "user.name=t", "-c", "user.email=t@x",
            "commit", "-q", "--no-gpg-sign", "-m", "change", $"--date=@{commitTime} +0000");
    }

    public string Origin { get; }

    /// <summary>A fresh clone (packed objects, as every clone has) in a new directory.</summary>
    public string Clone(string name)
    {
        var path = Path.Combine(_root, name);
        HostCommand.Run("git", "clone", "-q", "--no-hardlinks", Origin, path);
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
