using Hoist.Building.Context.Git;
using Hoist.Posix;

namespace Hoist.Tests.Building.Git;

/// <summary>The context's HEAD commit time, read from real repositories that git makes in every shape: loose objects,
/// packs with deltas, packed refs, detached HEAD, linked worktrees.</summary>
public sealed class GitCommitTimeTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_fresh_commit_is_read_from_its_loose_object()
    {
        var repository = NewRepository("loose");
        Commit(repository, "a.txt", "one", 1_600_000_000);

        Assert.Equal(1_600_000_000, ReadWithoutGit(repository));
    }

    [Fact]
    public void A_packed_commit_behind_packed_refs_is_read_from_the_pack()
    {
        var repository = NewRepository("packed");
        for (var i = 0; i < 5; i++) Commit(repository, "a.txt", new string('x', 4000) + i, 1_600_000_000 + i);
        Git(repository, "gc", "--aggressive", "--prune=now");

        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(repository, ".git", "objects")), d => Path.GetFileName(d).Length == 2);
        Assert.True(File.Exists(Path.Combine(repository, ".git", "packed-refs")));
        Assert.Equal(1_600_000_004, ReadWithoutGit(repository));
    }

    [Fact]
    public void Deltified_pack_entries_read_as_git_reads_them()
    {
        var repository = NewRepository("deltas");
        for (var i = 0; i < 6; i++) Commit(repository, "a.txt", string.Concat(Enumerable.Range(0, 800 + (i * 10)).Select(k => $"line {k}\n")), 1_600_000_000 + i);
        Git(repository, "gc", "--aggressive", "--prune=now");
        var store = new GitObjectStore(Path.Combine(repository, ".git"));
        var blobs = Output(repository, "rev-list", "--objects", "--all").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.EndsWith(" a.txt", StringComparison.Ordinal)).Select(line => line[..40]).ToList();

        Assert.Equal(6, blobs.Count);
        Assert.Contains(Output(repository, "verify-pack", "-v", Directory.GetFiles(Path.Combine(repository, ".git", "objects", "pack"), "*.idx")[0]).Split('\n'),
            line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "blob", _, _, _, _, _]);
        foreach (var id in blobs)
        {
            Assert.Equal(Output(repository, "cat-file", "blob", id), System.Text.Encoding.UTF8.GetString(store.Read(id)!.Content));
        }
    }

    [Fact]
    public void A_subdirectory_of_a_checkout_takes_the_checkouts_head()
    {
        var repository = NewRepository("sub");
        Commit(repository, "app/main.c", "int main;", 1_650_000_000);

        Assert.Equal(1_650_000_000, ReadWithoutGit(Path.Combine(repository, "app")));
    }

    [Fact]
    public void A_detached_head_names_its_commit()
    {
        var repository = NewRepository("detached");
        Commit(repository, "a.txt", "one", 1_600_000_000);
        Commit(repository, "a.txt", "two", 1_700_000_000);
        Git(repository, "checkout", "-q", "--detach", "HEAD~1");

        Assert.Equal(1_600_000_000, ReadWithoutGit(repository));
    }

    [Fact]
    public void A_linked_worktree_reads_its_own_head_through_the_git_file()
    {
        var repository = NewRepository("main");
        Commit(repository, "a.txt", "one", 1_600_000_000);
        Git(repository, "branch", "old");
        Commit(repository, "a.txt", "two", 1_700_000_000);
        var worktree = _tree.PathOf("linked");
        Git(repository, "worktree", "add", "-q", worktree, "old");

        Assert.True(File.Exists(Path.Combine(worktree, ".git")));
        Assert.Equal(1_600_000_000, ReadWithoutGit(worktree));
        Assert.Equal(1_700_000_000, ReadWithoutGit(repository));
    }

    [Fact]
    public void A_directory_outside_any_checkout_or_without_commits_has_none()
    {
        var plain = _tree.File("plain/a.txt", "x").PathOf("plain");
        var empty = NewRepository("empty");

        Assert.Null(ReadWithoutGit(plain));
        Assert.Null(ReadWithoutGit(empty));
    }

    [Fact]
    public void The_committer_time_counts_not_the_author_time()
    {
        var commit = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 100 +0000\ncommitter C <c@x> 200 +0200\n\nmsg\n"u8.ToArray();

        Assert.Equal(200, GitCommitTime.CommitterTime(commit));
    }

    private string NewRepository(string name)
    {
        var path = _tree.PathOf(name);
        Directory.CreateDirectory(path);
        Git(path, "init", "-q", "-b", "main");
        return path;
    }

    private static void Commit(string repository, string file, string content, long time)
    {
        var full = Path.Combine(repository, file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        Git(repository, "add", "-A");
        // The author date is a day earlier, so a reader taking the wrong line fails.
        Run("env", $"GIT_COMMITTER_DATE=@{time} +0000", "git", "-C", repository, "-c", "user.name=t", "-c", "user.email=t@x",
            "commit", "-q", "--no-gpg-sign", "-m", file, $"--date=@{time - 86400} +0000");
    }

    private static string Output(string directory, params string[] arguments)
    {
        var result = ChildProcess.Run(new ChildProcessStart("git", ["-C", directory, .. arguments]));
        Assert.Equal(0, result.ExitCode);
        return result.Output;
    }

    private static void Git(string directory, params string[] arguments) => Run("git", ["-C", directory, .. arguments]);

    private static void Run(string program, params string[] arguments)
    {
        var result = ChildProcess.Run(new ChildProcessStart(program, arguments));
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result.Error}");
    }

    /// <summary>The files alone must give the answer (no fallback to git).</summary>
    private static long? ReadWithoutGit(string directory) => GitCommitTime.FromFiles(directory);
}
