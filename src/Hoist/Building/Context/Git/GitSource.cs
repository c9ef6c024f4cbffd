using System.Collections.Concurrent;
using Hoist.Planning;

namespace Hoist.Building.Context.Git;

/// <summary>
/// Fetches git sources (<c>ADD &lt;git URL&gt;</c>, a git <c>--build-context</c>) with the
/// <c>git</c> program: the ref is resolved to a commit with <c>ls-remote</c> (once per build, so the cache key and the
/// checkout agree), then only that commit is fetched, shallow, into a new directory from
/// <paramref name="newDirectory"/> and checked out. git runs with an environment of its own: no system or user
/// configuration, an empty HOME, no hooks, no credential helpers or prompts, and only the git, http and https
/// protocols (never file, ext or ssh), so neither the repository nor the machine's configuration can make it run
/// anything or read local files. Submodules are not fetched.
/// </summary>
public sealed class GitSource(Func<string, string> newDirectory)
{
    private readonly ConcurrentDictionary<(string Remote, string? Ref), Lazy<Task<GitResolution>>> _resolved = new();
    private readonly ConcurrentDictionary<GitSourceReference, Lazy<Task<GitCheckout>>> _shared = new();

    /// <summary>The commit <paramref name="reference"/> names now (checked against its checksum); the same answer for
    /// the rest of this instance's life.</summary>
    public async Task<string> ResolveAsync(GitSourceReference reference, CancellationToken cancellationToken) =>
        (await ResolutionAsync(reference, cancellationToken).ConfigureAwait(false)).Commit;

    /// <summary>What a cache key must hold for <paramref name="reference"/>: the commit, the sub-directory and whether
    /// .git is kept (the remote too: two mirrors of one commit give the same files, but .git names its origin).</summary>
    public async Task<string> KeyAsync(GitSourceReference reference, CancellationToken cancellationToken) =>
        $"git {reference.Remote} commit={await ResolveAsync(reference, cancellationToken).ConfigureAwait(false)} " +
        $"subdir={reference.Subdirectory} keep-git-dir={reference.KeepGitDirectory}";

    /// <summary>Checks the resolved commit out under <paramref name="root"/>, an empty directory the caller owns and
    /// removes (the work tree is its <c>checkout</c> sub-directory; git's HOME sits beside it).</summary>
    public async Task<GitCheckout> CheckoutAsync(GitSourceReference reference, string root, CancellationToken cancellationToken)
    {
        var resolution = await ResolutionAsync(reference, cancellationToken).ConfigureAwait(false);
        var git = new GitCommand(root, reference.Remote);
        var worktree = Path.Combine(root, "checkout");
        await git.RunAsync(root, ["init", "-q", "--template=", "checkout"], "init", cancellationToken).ConfigureAwait(false);
        await git.RunAsync(worktree, ["remote", "add", "origin", reference.Remote], "remote add", cancellationToken).ConfigureAwait(false);
        await FetchAsync(git, worktree, resolution, cancellationToken).ConfigureAwait(false);
        await git.RunAsync(worktree, ["checkout", "-q", "--detach", resolution.Commit], "checkout", cancellationToken).ConfigureAwait(false);
        if (!reference.KeepGitDirectory) Directory.Delete(Path.Combine(worktree, ".git"), recursive: true);
        return new GitCheckout(worktree, SubdirectoryIn(worktree, reference), resolution.Commit);
    }

    /// <summary>The checkout of <paramref name="reference"/> that every reader of this instance shares (a git build
    /// context that several steps read is fetched once), in a directory from the constructor's function that lives as
    /// long as that directory does. Readers must not change it.</summary>
    public Task<GitCheckout> SharedCheckoutAsync(GitSourceReference reference, CancellationToken cancellationToken) =>
        _shared.GetOrAdd(reference, r => new Lazy<Task<GitCheckout>>(() => CheckoutAsync(r, newDirectory("git-context-"), cancellationToken))).Value;

    private Task<GitResolution> ResolutionAsync(GitSourceReference reference, CancellationToken cancellationToken)
    {
        var lazy = _resolved.GetOrAdd((reference.Remote, reference.Ref),
            _ => new Lazy<Task<GitResolution>>(() => ResolveRemoteAsync(reference, cancellationToken)));
        return CheckedAsync(reference, lazy.Value);
    }

    private static async Task<GitResolution> CheckedAsync(GitSourceReference reference, Task<GitResolution> resolving)
    {
        var resolution = await resolving.ConfigureAwait(false);
        if (reference.Checksum is { } checksum && !resolution.Commit.StartsWith(checksum, StringComparison.Ordinal))
            throw new HoistException($"git source {reference.Remote}: expected checksum to match {checksum}, got {resolution.Commit}");
        return resolution;
    }

    private async Task<GitResolution> ResolveRemoteAsync(GitSourceReference reference, CancellationToken cancellationToken)
    {
        if (reference.RefIsCommitId) return new GitResolution(reference.Ref!, reference.Ref!);
        var root = newDirectory("git-ls-remote-");
        try
        {
            var output = await new GitCommand(root, reference.Remote)
                .ListRemoteAsync(root, reference.Ref ?? "HEAD", cancellationToken).ConfigureAwait(false);
            return GitRemoteRefs.Pick(output, reference.Ref)
                ?? throw new HoistException($"git source {reference.Remote}: ref {reference.Ref ?? "HEAD"} not found");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A shallow fetch of just what is needed. Dumb http cannot fetch shallow, and some servers refuse a bare
    /// commit id: then the ref (or every branch and tag) is fetched whole. Either way the commit must be there after.</summary>
    private static async Task FetchAsync(GitCommand git, string worktree, GitResolution resolution, CancellationToken cancellationToken)
    {
        string[] common = ["fetch", "-q", "--no-tags", "--no-recurse-submodules"];
        if (!await git.TryRunAsync(worktree, [.. common, "--depth=1", "origin", resolution.FetchRef], cancellationToken).ConfigureAwait(false))
        {
            string[] refspecs = resolution.FetchRef == resolution.Commit
                ? ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"]
                : [resolution.FetchRef];
            await git.RunAsync(worktree, [.. common, "origin", .. refspecs], "fetch", cancellationToken).ConfigureAwait(false);
        }
        if (!await git.TryRunAsync(worktree, ["cat-file", "-e", resolution.Commit + "^{commit}"], cancellationToken).ConfigureAwait(false))
            throw new HoistException($"git source {git.Remote}: commit {resolution.Commit} was not fetched");
    }

    /// <summary>The sub-directory resolved inside the checkout (a symlink on the way stays inside it); it must be a
    /// directory.</summary>
    private static string SubdirectoryIn(string worktree, GitSourceReference reference)
    {
        if (reference.Subdirectory.Length == 0) return worktree;
        var resolved = Execution.RootfsPath.Resolve(worktree, reference.Subdirectory);
        return Directory.Exists(resolved) && !File.Exists(resolved)
            ? resolved
            : throw new HoistException($"git source {reference.Remote}: subdirectory {reference.Subdirectory} not found in the repository");
    }
}
