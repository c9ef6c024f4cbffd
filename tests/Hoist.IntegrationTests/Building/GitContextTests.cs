namespace Hoist.IntegrationTests.Building;

/// <summary>
/// <c>--build-context NAME=&lt;git URL&gt;</c> against loopback git servers, as BuildKit reads one: the checkout (its
/// <c>#ref:subdir</c> or <c>?ref=&amp;subdir=</c>) read by <c>COPY --from=NAME</c> and <c>RUN --mount=from=NAME</c>,
/// fetched once per build, and keyed by the commit the ref resolves to.
/// </summary>
public sealed class GitContextTests : IClassFixture<BuildStore>, IDisposable
{
    private readonly BuildStore _store;
    private readonly GitServers _servers = new();

    public GitContextTests(BuildStore store)
    {
        _store = store;
        _servers.Commit("main", work =>
        {
            Directory.CreateDirectory(Path.Combine(work, "sub", "dir"));
            File.WriteAllText(Path.Combine(work, "top.txt"), "top\n");
            File.WriteAllText(Path.Combine(work, "sub", "dir", "f.txt"), "one\n");
        });
        _servers.Git("tag", "v1");
        _servers.Commit("main", work => File.WriteAllText(Path.Combine(work, "sub", "dir", "g.txt"), "two\n"));
        _servers.PushTags();
    }

    public void Dispose() => _servers.Dispose();

    [RootFact]
    public void A_git_context_is_read_by_copy_from_and_a_bind_mount_in_each_url_form()
    {
        var context = _store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            COPY --from=frag / /frag/
            RUN --mount=from=query,target=/m cp -r /m /query
            COPY --from=whole /top.txt /whole-top.txt
            """));

        var build = _store.Hoist("build", "--progress", "plain", "-t", "test/git-context", "--build-context", $"frag={_servers.GitUrl}#v1:sub",
            "--build-context", $"query={_servers.SmartHttpUrl}?tag=v1&subdir=sub/dir", "--build-context", $"whole={_servers.DumbHttpUrl}", context);

        Assert.True(build.ExitCode == 0, build.Stderr);
        // A context name is no image to pin (the busybox fixture, tagged latest, is).
        Assert.DoesNotContain("Image frag", build.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Image whole", build.Stderr, StringComparison.Ordinal);
        var run = _store.Hoist("run", "test/git-context", "sh", "-c", "cd / && find frag query | sort && cat whole-top.txt");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("frag\nfrag/dir\nfrag/dir/f.txt\nquery\nquery/f.txt\ntop\n", run.Stdout);
    }

    [RootFact]
    public void A_git_context_hits_the_cache_until_its_ref_moves()
    {
        _servers.Commit("moving", work => File.WriteAllText(Path.Combine(work, "moving.txt"), "1\n"));
        var context = _store.NewContext(("Dockerfile", $"FROM {FixtureImages.Busybox}\nCOPY --from=src /moving.txt /m\n"));
        string[] source = ["--build-context", $"src={_servers.GitUrl}#moving"];

        PlainBuild.Run(_store, context, source);
        var (again, _) = PlainBuild.Run(_store, context, source);
        _servers.Commit("moving", work => File.WriteAllText(Path.Combine(work, "moving.txt"), "2\n"));
        var (moved, _) = PlainBuild.Run(_store, context, source);

        Assert.Equal("CACHED", PlainBuild.Outcome(again, "COPY --from=src"));
        Assert.Equal("DONE", PlainBuild.Outcome(moved, "COPY --from=src"));
        Assert.Contains("MISS git context src changed", moved, StringComparison.Ordinal);
    }

    [RootFact]
    public void From_a_git_context_starts_a_stage_of_its_checkout_keyed_by_the_commit()
    {
        _servers.Commit("base", work => File.WriteAllText(Path.Combine(work, "base.txt"), "1\n"));
        var context = _store.NewContext(("Dockerfile", $"""
            FROM src AS files
            ENV FROM_GIT=1
            FROM {FixtureImages.Busybox}
            COPY --from=files / /files/
            RUN cat /files/base.txt /files/top.txt > /out
            """));
        string[] source = ["--build-context", $"src={_servers.GitUrl}#base", "-t", "test/from-git"];

        var (first, _) = PlainBuild.Run(_store, context, source);
        var (again, _) = PlainBuild.Run(_store, context, source);
        _servers.Commit("base", work => File.WriteAllText(Path.Combine(work, "base.txt"), "2\n"));
        var (moved, _) = PlainBuild.Run(_store, context, source);

        Assert.Contains($"[internal] load git source {_servers.GitUrl}#base", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Image src", first, StringComparison.Ordinal);
        Assert.Equal("CACHED", PlainBuild.Outcome(again, "load git source"));
        Assert.Equal("CACHED", PlainBuild.Outcome(again, "RUN cat"));
        Assert.Equal("DONE", PlainBuild.Outcome(moved, "load git source"));
        Assert.Contains("MISS git context src changed", moved, StringComparison.Ordinal);
        var run = _store.Hoist("run", "test/from-git", "sh", "-c", "cat /out && stat -c '%u:%g %a' /files/base.txt");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("2\ntop\n0:0 644\n", run.Stdout);
    }

    [RootFact]
    public void A_git_url_as_the_build_context_is_its_checkout()
    {
        _servers.Commit("dockerfile", work => File.WriteAllText(Path.Combine(work, "sub", "Dockerfile"), "FROM scratch\nCOPY dir/f.txt /f\n"));
        var output = Path.Combine(_store.NewContext(), "out");

        var build = _store.Hoist("build", "--progress", "plain", "-o", "type=local,dest=" + output, $"{_servers.GitUrl}#dockerfile:sub");

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.Equal("one\n", File.ReadAllText(Path.Combine(output, "f")));
    }

    [RootFact]
    public void What_a_git_context_cannot_do_fails_in_one_line()
    {
        var copy = _store.NewContext(("Dockerfile", "FROM scratch\nCOPY --from=src / /\n"));

        var ssh = _store.Hoist("build", "--build-context", "src=git@127.0.0.1:repo.git", copy);
        var missing = _store.Hoist("build", "--progress", "plain", "--build-context", $"src={_servers.GitUrl}#nope", copy);

        Assert.Equal("error: --build-context \"src=git@127.0.0.1:repo.git\": git source git@127.0.0.1:repo.git: git over ssh is not supported yet (use a git:// or https:// URL)",
            ssh.Stderr.Trim());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"git source {_servers.GitUrl}: ref nope not found", missing.Stderr, StringComparison.Ordinal);
    }
}
