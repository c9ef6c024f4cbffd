namespace Hoist.IntegrationTests.Building;

/// <summary>
/// ADD of git sources from loopback servers (git daemon, smart and dumb http): every URL form BuildKit accepts, the
/// cache keyed by the resolved commit, checksums, and hostile repositories (a symlink escaping the checkout, a
/// submodule whose URL would run a command) that must write nothing outside and run nothing.
/// </summary>
public sealed class GitSourceTests : IClassFixture<BuildStore>, IDisposable
{
    private const string Pwned = "/tmp/hoist-git-submodule-ran";
    private readonly BuildStore _store;
    private readonly GitServers _servers = new();
    private readonly string _first;
    private readonly string _second;

    public GitSourceTests(BuildStore store)
    {
        _store = store;
        _first = _servers.Commit("main", work =>
        {
            Write(work, "top.txt", "top\n");
            Write(work, "sub/dir/f.txt", "one\n");
            Write(work, "tool.sh", "#!/bin/sh\n");
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(Path.Combine(work, "tool.sh"), (UnixFileMode)0b111_101_101);
            File.CreateSymbolicLink(Path.Combine(work, "link"), "top.txt");
            File.CreateSymbolicLink(Path.Combine(work, "escape"), "../../../../../../../etc");
            // A submodule whose URL runs a command if anything ever fetched it: git's ext:: transport.
            Write(work, ".gitmodules", $"[submodule \"mod\"]\n\tpath = mod\n\turl = ext::sh -c touch% {Pwned}\n");
        });
        _servers.Git("update-index", "--add", "--cacheinfo", $"160000,{_first},mod");
        _servers.Git("tag", "v1");
        _second = _servers.Commit("main", work =>
        {
            Write(work, "sub/dir/g.txt", "two\n");
            Directory.CreateDirectory(Path.Combine(work, "mod")); // keeps the gitlink through `git add -A`
        });
        _servers.Git("tag", "-a", "-m", "annotated", "v2");
        _servers.PushTags();
    }

    public void Dispose() => _servers.Dispose();

    [RootFact]
    public void Every_form_of_git_source_is_added_as_BuildKit_adds_it()
    {
        var context = _store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD {_servers.GitUrl} /plain
            ADD {_servers.GitUrl}#v1:sub /frag
            ADD {_servers.SmartHttpUrl}?tag=v2&subdir=sub/dir /query
            ADD --keep-git-dir=true {_servers.DumbHttpUrl}#main /keep
            ADD --checksum={_first[..10]} {_servers.GitUrl}#{_first} /sum
            """));
        var build = _store.Hoist("build", "-t", "test/git-forms", context);
        Assert.True(build.ExitCode == 0, build.Stderr);

        var run = _store.Hoist("run", "test/git-forms", "sh", "-c",
            "cd / && find plain frag query sum | sort && cat keep/.git/HEAD && readlink plain/link && readlink plain/escape && stat -c '%a %u' plain/tool.sh plain/top.txt && ls -A plain/mod | wc -l");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(string.Join('\n', [
            "frag", "frag/dir", "frag/dir/f.txt",
            "plain", "plain/.gitmodules", "plain/escape", "plain/link", "plain/mod", "plain/sub", "plain/sub/dir", "plain/sub/dir/f.txt",
            "plain/sub/dir/g.txt", "plain/tool.sh", "plain/top.txt",
            "query", "query/f.txt", "query/g.txt",
            "sum", "sum/.gitmodules", "sum/escape", "sum/link", "sum/sub", "sum/sub/dir", "sum/sub/dir/f.txt", "sum/tool.sh", "sum/top.txt",
            _second, "top.txt", "../../../../../../../etc", "755 0", "644 0", "0", ""]), run.Stdout);
        Assert.False(File.Exists(Pwned), "a submodule URL ran a command");
    }

    [RootFact]
    public void A_moved_branch_misses_the_cache_and_an_unchanged_one_hits()
    {
        _servers.Commit("moving", work => Write(work, "moving.txt", "1\n"));
        var context = _store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD {_servers.GitUrl}#moving /src
            """));

        PlainBuild.Run(_store, context);
        var (again, firstImage) = PlainBuild.Run(_store, context);
        _servers.Commit("moving", work => Write(work, "moving.txt", "2\n"));
        var (moved, movedImage) = PlainBuild.Run(_store, context);

        Assert.Equal("CACHED", PlainBuild.Outcome(again, "ADD"));
        Assert.Equal("DONE", PlainBuild.Outcome(moved, "ADD"));
        Assert.NotEqual(firstImage, movedImage);
    }

    [RootFact]
    public void A_wrong_checksum_and_a_missing_ref_fail_naming_the_line()
    {
        var wrong = _store.Hoist("build", _store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD --checksum=0000000 {_servers.GitUrl}#v1 /src
            """)));
        var missing = _store.Hoist("build", _store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            RUN true
            ADD {_servers.SmartHttpUrl}#no-such-branch /src
            """)));

        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains($"expected checksum to match 0000000, got {_first}", wrong.Stderr);
        Assert.Contains("Dockerfile:2", wrong.Stderr);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ref no-such-branch not found", missing.Stderr);
        Assert.Contains("Dockerfile:3", missing.Stderr);
    }

    [RootFact]
    public void Hostile_sources_fail_safely_and_ssh_is_refused_before_any_step()
    {
        var escaping = _store.Hoist("build", _store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD {_servers.GitUrl}#main:escape /src
            """)));
        var ssh = _store.Hoist("build", "--progress", "plain", _store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            RUN true
            ADD git@github.com:moby/buildkit.git /src
            """)));
        var huge = _store.Hoist("build", _store.NewContext(("Dockerfile", $"""
            FROM {FixtureImages.Busybox}
            ADD {_servers.GitUrl}#{new string('r', 5000)} /src
            """)));

        Assert.Equal(1, escaping.ExitCode);
        Assert.Contains("subdirectory escape not found in the repository", escaping.Stderr);
        Assert.Equal(1, ssh.ExitCode);
        Assert.Contains("git over ssh is not supported yet", ssh.Stderr);
        Assert.Contains("Dockerfile:3", ssh.Stderr);
        Assert.DoesNotContain("] RUN true", ssh.Stderr); // the excerpt shows the line; no step ran
        Assert.Equal(1, huge.ExitCode);
        Assert.Contains("ref longer than 1024 characters", huge.Stderr);
        Assert.Single(huge.Stderr.Trim().Split('\n'), line => line.Contains("ref longer", StringComparison.Ordinal));
        Assert.False(File.Exists(Pwned));
    }

    private static void Write(string root, string name, string content)
    {
        var path = Path.Combine(root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
