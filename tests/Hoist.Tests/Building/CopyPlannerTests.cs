using System.Formats.Tar;
using System.IO.Compression;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Dispatch;
using static Hoist.Tests.Building.CopyPlans;

namespace Hoist.Tests.Building;

/// <summary>COPY/ADD source and destination rules, as BuildKit applies them.</summary>
public sealed class CopyPlannerTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private BuildContext Context => BuildContext.Open(_tree.Root);

    [Fact]
    public void File_to_file_creates_parents()
    {
        _tree.File("a.txt", "A");
        Assert.Equal(
            ["dir /app 0755 0:0 keep", "file /app/b.txt <- a.txt 0644 0:0"],
            Lines(Plan(Context, Copy("/app/b.txt", "a.txt"))));
    }

    [Fact]
    public void File_to_directory_with_trailing_slash_keeps_its_name()
    {
        _tree.File("a.txt", "A");
        Assert.Equal(
            ["dir /app 0755 0:0 keep", "file /app/a.txt <- a.txt 0644 0:0"],
            Lines(Plan(Context, Copy("/app/", "a.txt"))));
    }

    [Fact]
    public void File_to_an_existing_directory_without_slash_goes_inside()
    {
        _tree.File("a.txt", "A");
        var destination = new CopyDestination { IsDirectory = p => p == "/app" };
        Assert.Equal(["file /app/a.txt <- a.txt 0644 0:0"], Lines(Plan(Context, Copy("/app", "a.txt"), destination)));
    }

    [Fact]
    public void Directory_source_copies_its_contents_not_itself()
    {
        _tree.File("src/x.c", "x").File("src/sub/y.c", "y").Mode("src/sub", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var plan = Plan(Context, Copy("/app", "src"));
        Assert.Equal(
            ["dir /app 0755 0:0 keep", "dir /app/sub 0700 0:0", "file /app/sub/y.c <- src/sub/y.c 0644 0:0", "file /app/x.c <- src/x.c 0644 0:0"],
            Lines(plan));
        // The directory made for the contents takes the source directory's mtime.
        Assert.Equal(Context.Lookup("src", false)!.ModificationTime, plan.Operations[0].ModificationTime);
    }

    [Fact]
    public void Trailing_slash_on_a_source_is_ignored()
    {
        _tree.File("src/x.c", "x");
        Assert.Equal(Lines(Plan(Context, Copy("/app/", "src"))), Lines(Plan(Context, Copy("/app/", "src/"))));
    }

    [Fact]
    public void Copying_the_whole_context_to_root_makes_no_root_directory()
    {
        _tree.File("a", "a");
        Assert.Equal(["file /a <- a 0644 0:0"], Lines(Plan(Context, Copy("/", "."))));
    }

    [Fact]
    public void Wildcards_match_at_their_own_depth_only()
    {
        _tree.File("a.c", "").File("b.c", "").File("c.h", "").File("sub/d.c", "");
        Assert.Equal(
            ["dir /out 0755 0:0 keep", "file /out/a.c <- a.c 0644 0:0", "file /out/b.c <- b.c 0644 0:0"],
            Lines(Plan(Context, Copy("/out/", "*.c"))));
    }

    [Fact]
    public void Wildcard_in_a_directory_and_character_classes()
    {
        _tree.File("dir/one", "").File("dir/two", "").File("a1", "").File("c2", "").File("d3", "");
        Assert.Equal(
            ["dir /o 0755 0:0 keep", "file /o/one <- dir/one 0644 0:0", "file /o/two <- dir/two 0644 0:0"],
            Lines(Plan(Context, Copy("/o/", "dir/*"))));
        Assert.Equal(
            ["dir /o 0755 0:0 keep", "file /o/a1 <- a1 0644 0:0", "file /o/c2 <- c2 0644 0:0"],
            Lines(Plan(Context, Copy("/o/", "[a-c]?"))));
    }

    [Fact]
    public void A_wildcard_matching_nothing_copies_nothing()
    {
        _tree.File("a.txt", "");
        Assert.Empty(Plan(Context, Copy("/out/", "*.none")).Operations);
    }

    [Fact]
    public void A_wildcard_matching_one_file_may_name_the_destination_file()
    {
        _tree.File("only.txt", "");
        Assert.Equal(["file /renamed <- only.txt 0644 0:0"], Lines(Plan(Context, Copy("/renamed", "*.txt"))));
    }

    [Fact]
    public void Several_files_to_a_destination_without_slash_leave_the_last_one_there()
    {
        _tree.File("a.txt", "alpha\n").File("b.txt", "bravo\n");
        Assert.Equal(["file /dest <- b.txt 0644 0:0"], Lines(Plan(Context, Copy("/dest", "a.txt", "b.txt"))));
        Assert.Equal(["file /dest <- b.txt 0644 0:0"], Lines(Plan(Context, Copy("/dest", "*.txt"))));
        Assert.Equal(3, Plan(Context, Copy("/dest/", "a.txt", "b.txt")).Operations.Count);
    }

    [Fact]
    public void Several_directories_merge_into_one_destination_without_a_slash()
    {
        // BuildKit's own test copies "dir*" to "/5": directory contents merge.
        _tree.File("dir1/a", "").File("dir2/b", "");
        Assert.Equal(
            ["dir /merged 0755 0:0 keep", "file /merged/a <- dir1/a 0644 0:0", "file /merged/b <- dir2/b 0644 0:0"],
            Lines(Plan(Context, Copy("/merged", "dir*"))));
    }

    [Fact]
    public void A_missing_source_names_the_path()
    {
        var error = Assert.Throws<HoistException>(() => Plan(Context, Copy("/x", "missing")));
        Assert.Equal("failed to compute cache key: \"/missing\": not found", error.Message);
    }

    [Fact]
    public void An_ignored_source_is_not_found()
    {
        _tree.File(".dockerignore", "secret.txt\n").File("secret.txt", "s");
        var error = Assert.Throws<HoistException>(() => Plan(Context, Copy("/x", "secret.txt")));
        Assert.Contains("\"/secret.txt\": not found", error.Message);
    }

    [Fact]
    public void Sources_cannot_climb_out_of_the_context()
    {
        _tree.File("a.txt", "");
        Assert.Equal(["file /x <- a.txt 0644 0:0"], Lines(Plan(Context, Copy("/x", "../../a.txt"))));
        Assert.Equal(["file /y <- a.txt 0644 0:0"], Lines(Plan(Context, Copy("/y", "/a.txt"))));
    }

    [Fact]
    public void Relative_destinations_resolve_against_workdir()
    {
        _tree.File("a.txt", "");
        Assert.Equal(
            ["dir /srv 0755 0:0 keep", "dir /srv/rel 0755 0:0 keep", "file /srv/rel/a.txt <- a.txt 0644 0:0"],
            Lines(Plan(Context, Copy("rel/", "a.txt") with { WorkingDirectory = "/srv" })));
        var existing = new CopyDestination { IsDirectory = p => p is "/srv" };
        Assert.Equal(["file /srv/a.txt <- a.txt 0644 0:0"], Lines(Plan(Context, Copy(".", "a.txt") with { WorkingDirectory = "/srv" }, existing)));
    }

    [Fact]
    public void Parents_keeps_the_source_path()
    {
        _tree.File("a/b/c.txt", "").File("a/b/other.txt", "").File("a/x.txt", "").Mode("a", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(
            ["dir /dst 0755 0:0 keep", "dir /dst/a 0700 0:0", "dir /dst/a/b 0755 0:0", "file /dst/a/b/c.txt <- a/b/c.txt 0644 0:0"],
            Lines(Plan(Context, Copy("/dst/", "a/b/c.txt") with { Parents = true })));
    }

    [Fact]
    public void Parents_with_a_pivot_keeps_only_what_follows_it()
    {
        _tree.File("a/b/c.txt", "");
        Assert.Equal(
            ["dir /dst 0755 0:0 keep", "dir /dst/b 0755 0:0", "file /dst/b/c.txt <- a/b/c.txt 0644 0:0"],
            Lines(Plan(Context, Copy("/dst/", "a/./b/c.txt") with { Parents = true })));
    }

    [Fact]
    public void Parents_with_wildcards()
    {
        _tree.File("x/package.json", "").File("y/package.json", "").File("y/index.js", "");
        Assert.Equal(
            ["dir /dst 0755 0:0 keep", "dir /dst/x 0755 0:0", "file /dst/x/package.json <- x/package.json 0644 0:0",
             "dir /dst/y 0755 0:0", "file /dst/y/package.json <- y/package.json 0644 0:0"],
            Lines(Plan(Context, Copy("/dst/", "*/package.json") with { Parents = true })));
    }

    [Fact]
    public void Parents_requires_a_plain_path_to_exist()
    {
        var error = Assert.Throws<HoistException>(() => Plan(Context, Copy("/dst/", "no/such.txt") with { Parents = true }));
        Assert.Contains("\"/no/such.txt\": not found", error.Message);
    }

    [Fact]
    public void Exclude_filters_below_a_directory_source_and_honours_exceptions()
    {
        _tree.File("app/main.go", "").File("app/README.md", "").File("app/KEEP.md", "").File("app/sub/skip/x", "").File("app/sub/y", "");
        var plan = Plan(Context, Copy("/app/", "app") with { Excludes = ["*.md", "!KEEP.md", "sub/skip"] });
        Assert.Equal(
            ["dir /app 0755 0:0 keep", "file /app/KEEP.md <- app/KEEP.md 0644 0:0", "file /app/main.go <- app/main.go 0644 0:0",
             "dir /app/sub 0755 0:0", "file /app/sub/y <- app/sub/y 0644 0:0"],
            Lines(plan));
    }

    [Fact]
    public void Exclude_applies_inside_wildcard_matched_directories()
    {
        _tree.File("dir1/a.png", "").File("dir1/b.txt", "").File("dir2/c.png", "");
        Assert.Equal(
            ["dir /4 0755 0:0 keep", "file /4/b.txt <- dir1/b.txt 0644 0:0"],
            Lines(Plan(Context, Copy("/4/", "dir*") with { Excludes = ["*.png"] })));
    }

    [Fact]
    public void Dockerignore_exceptions_reinclude_files_inside_excluded_directories()
    {
        _tree.File(".dockerignore", "docs\n!docs/README.md\n.dockerignore\n").File("docs/README.md", "").File("docs/internal.md", "").File("main.go", "");
        Assert.Equal(
            ["dir /app 0755 0:0 keep", "dir /app/docs 0755 0:0", "file /app/docs/README.md <- docs/README.md 0644 0:0", "file /app/main.go <- main.go 0644 0:0"],
            Lines(Plan(Context, Copy("/app/", "."))));
    }

    [Fact]
    public void Special_files_and_hard_links_carry_what_the_layer_writer_needs()
    {
        _tree.File("d/a", "same");
        System.Diagnostics.Process.Start("ln", [_tree.PathOf("d/a"), _tree.PathOf("d/b")])!.WaitForExit();
        System.Diagnostics.Process.Start("mkfifo", [_tree.PathOf("d/pipe")])!.WaitForExit();
        _tree.Mode("d/pipe", TempTree.Mode644);
        var plan = Plan(Context, Copy("/o/", "d"));
        Assert.Equal(["dir /o 0755 0:0 keep", "file /o/a <- d/a 0644 0:0", "file /o/b <- d/b 0644 0:0", "Fifo /o/pipe 0644 0:0"],
            Lines(plan));
        var (a, b) = (plan.Operations[1], plan.Operations[2]);
        Assert.Equal((a.Device, a.Inode, 2), (b.Device, b.Inode, b.LinkCount));
    }

    [Fact]
    public void A_bad_exclude_pattern_is_a_user_error()
    {
        _tree.File("a", "");
        var error = Assert.Throws<HoistException>(() => Plan(Context, Copy("/x/", "a") with { Excludes = ["[oops"] }));
        Assert.StartsWith("invalid --exclude: syntax error in pattern", error.Message);
    }

    [Fact]
    public void Octal_chmod_applies_to_files_directories_and_the_parents_it_creates()
    {
        _tree.File("d/f", "").File("d/sub/g", "");
        Assert.Equal(
            ["dir /o 0750 0:0 keep", "dir /o/x 0750 0:0 keep", "file /o/x/f <- d/f 0750 0:0", "dir /o/x/sub 0750 0:0", "file /o/x/sub/g <- d/sub/g 0750 0:0"],
            Lines(Plan(Context, Copy("/o/x", "d") with { Chmod = "750" })));
    }

    [Theory]
    [InlineData("0777")]
    [InlineData("4755")]
    public void Created_parents_get_the_chmod_mode_as_mkdir_under_umask_022_leaves_it(string chmod)
    {
        _tree.File("f", "");
        Assert.Equal(
            ["dir /n 0755 0:0 keep", "dir /n/d 0755 0:0 keep", $"file /n/d/f <- f {chmod} 0:0"],
            Lines(Plan(Context, Copy("/n/d/f", "f") with { Chmod = chmod })));
    }

    [Fact]
    public void A_private_chmod_makes_private_parents_as_BuildKit_does()
    {
        _tree.File("f", "");
        Assert.Equal(
            ["dir /n 0600 0:0 keep", "dir /n/d 0600 0:0 keep", "file /n/d/f <- f 0600 0:0"],
            Lines(Plan(Context, Copy("/n/d/f", "f") with { Chmod = "600" })));
    }

    [Fact]
    public void Symbolic_chmod_with_X_makes_directories_and_executables_0755_and_other_files_0644()
    {
        _tree.File("dir/run.sh", "", TempTree.Mode755).File("dir/data", "").File("dir/sub/more", "");
        Assert.Equal(
            ["dir /d 0755 0:0 keep", "file /d/data <- dir/data 0644 0:0", "file /d/run.sh <- dir/run.sh 0755 0:0", "dir /d/sub 0755 0:0", "file /d/sub/more <- dir/sub/more 0644 0:0"],
            Lines(Plan(Context, Copy("/d/", "dir") with { Chmod = "a=rX,u+w" })));
    }

    [Fact]
    public void Symbolic_chmod_edits_each_mode_and_leaves_created_parents_at_0755()
    {
        _tree.File("tools/run.sh", "", TempTree.Mode755).File("tools/data", "");
        Assert.Equal(
            ["dir /t 0755 0:0 keep", "file /t/data <- tools/data 0640 0:0", "file /t/run.sh <- tools/run.sh 0750 0:0"],
            Lines(Plan(Context, Copy("/t/", "tools") with { Chmod = "o-rwx,g-w" })));
    }

    [Fact]
    public void Chown_by_name_uses_the_destination_stage_passwd_and_group_also_for_created_directories()
    {
        _tree.File("a", "").File("d/b", "");
        var destination = new CopyDestination
        {
            Users = new PasswdDatabase("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n", "root:x:0:\nstaff:x:50:app\n"),
        };
        Assert.Equal(
            ["dir /home 0755 1000:1001 keep", "dir /home/app 0755 1000:1001 keep", "file /home/app/a <- a 0644 1000:1001"],
            Lines(Plan(Context, Copy("/home/app/", "a") with { Chown = "app" }, destination)));
        Assert.Equal(["file /x <- a 0644 1000:50"], Lines(Plan(Context, Copy("/x", "a") with { Chown = "app:staff" }, destination)));
    }

    [Fact]
    public void Without_chown_context_files_belong_to_root_but_stage_files_keep_their_owner()
    {
        _tree.File("a", "");
        Assert.Equal(["file /a <- a 0644 0:0"], Lines(Plan(Context, Copy("/a", "a"))));
        var stage = new StageRootSource(_tree.Root, "builder");
        var owner = stage.Lookup("a", false)!;
        Assert.Equal($"file /a <- a 0644 {owner.Uid}:{owner.Gid}", Line(Plan(stage, Copy("/a", "a")).Operations.Single()));
    }

    [Fact]
    public void Symlinks_inside_a_copied_directory_stay_links()
    {
        _tree.File("d/real", "").Link("d/passwd", "/etc/passwd").Link("d/rel", "real");
        Assert.Equal(
            ["dir /o 0755 0:0 keep", "link /o/passwd -> /etc/passwd 0:0", "file /o/real <- d/real 0644 0:0", "link /o/rel -> real 0:0"],
            Lines(Plan(Context, Copy("/o/", "d"))));
    }

    [Fact]
    public void A_symlink_named_as_the_source_is_followed_inside_the_context()
    {
        _tree.File("real.txt", "content").Link("alias", "real.txt").Link("host", "/etc/passwd");
        Assert.Equal(["dir /o 0755 0:0 keep", "file /o/alias <- real.txt 0644 0:0"], Lines(Plan(Context, Copy("/o/", "alias"))));
        // Resolved in the context, /etc/passwd does not exist: the host file is never read.
        Assert.Throws<HoistException>(() => Plan(Context, Copy("/o/", "host")));
    }

    [Fact]
    public void Heredoc_sources_become_0644_files()
    {
        var request = Copy("/etc/motd", "<<EOF") with { InlineFiles = [new CopyInlineFile("<<EOF", "EOF", "hello\n")] };
        Assert.Equal(["dir /etc 0755 0:0 keep", "inline /etc/motd 0644 0:0 \"hello\n\""], Lines(Plan(null, request)));
        var intoDirectory = Copy("/d/", "<<-\"run.sh\"") with { InlineFiles = [new CopyInlineFile("<<-\"run.sh\"", "run.sh", "echo\n")], Chmod = "755" };
        Assert.Equal(["dir /d 0755 0:0 keep", "inline /d/run.sh 0755 0:0 \"echo\n\""], Lines(Plan(null, intoDirectory)));
    }

    [Fact]
    public void Add_extracts_local_tar_archives_detected_by_content()
    {
        _tree.Bytes("app.tar", MakeTar()).Bytes("app.tgz", Gzip(MakeTar())).File("fake.tar.gz", "not an archive");
        Assert.Equal(["dir /opt 0755 0:0 keep", "extract app.tar -> /opt 0:0"], Lines(Plan(Context, Add("/opt", "app.tar"))));
        Assert.Equal(["dir /opt 0755 7:8 keep", "extract app.tar -> /opt 7:8"], Lines(Plan(Context, Add("/opt", "app.tar") with { Chown = "7:8", Chmod = "700" })));
        Assert.Equal(["dir /opt 0755 0:0 keep", "extract app.tgz -> /opt 0:0"], Lines(Plan(Context, Add("/opt/", "app.tgz"))));
        Assert.Equal(["dir /opt 0755 0:0 keep", "file /opt/fake.tar.gz <- fake.tar.gz 0644 0:0"], Lines(Plan(Context, Add("/opt/", "fake.tar.gz"))));
        Assert.Equal(["dir /opt 0755 0:0 keep", "file /opt/app.tar <- app.tar 0644 0:0"], Lines(Plan(Context, Add("/opt/", "app.tar") with { Unpack = false })));
        Assert.Equal(["dir /opt 0755 0:0 keep", "file /opt/app.tar <- app.tar 0644 0:0"], Lines(Plan(Context, Copy("/opt/", "app.tar"))));
    }

    [Fact]
    public void Add_downloads_urls_as_0600_files()
    {
        Assert.Equal(["dir /opt 0755 0:0 keep", "download https://example.com/pkg/tool.tgz -> /opt/tool.tgz 0600 0:0"],
            Lines(Plan(null, Add("/opt/", "https://example.com/pkg/tool.tgz"))));
        Assert.Equal(["download https://example.com/ -> /__unnamed__ 0600 0:0"], Lines(Plan(null, Add("/", "https://example.com/"))));
        var checksum = "sha256:" + new string('a', 64);
        var verified = Plan(null, Add("/tool", "https://example.com/tool") with { Checksum = checksum, Unpack = true }).Operations.Single();
        Assert.Equal((checksum, true, "/tool"), (verified.Checksum, verified.Unpack, verified.Destination));
    }

    [Fact]
    public void Add_clones_git_sources()
    {
        var plan = Plan(null, Add("/bk", "https://github.com/moby/buildkit.git#v0.10.1") with { KeepGitDir = true });
        Assert.Equal(["dir /bk 0755 0:0 keep", "git https://github.com/moby/buildkit.git#v0.10.1 -> /bk keep-git-dir=True"], Lines(plan));
        Assert.Equal(CopyOperationKind.GitClone, Plan(null, Add("/s/", "git@github.com:moby/buildkit.git")).Operations[^1].Kind);
    }

    [Theory]
    [InlineData("https://github.com/moby/buildkit.git", true)]
    [InlineData("https://github.com/moby/buildkit.git#v0.10.1:docs", true)]
    [InlineData("https://example.com/repo.git?ref=main", true)]
    [InlineData("git@github.com:moby/buildkit.git", true)]
    [InlineData("deploy@git.example.com:repo", true)]
    [InlineData("git://example.com/repo", true)]
    [InlineData("ssh://git@example.com/repo", true)]
    [InlineData("https://example.com/archive.tar.gz", false)]
    [InlineData("github.com/moby/buildkit", false)]
    [InlineData("src/main.git", false)]
    public void Recognises_git_sources(string source, bool expected)
    {
        Assert.Equal(expected, CopyPlanner.IsGitSource(source));
        Assert.Equal(!expected && source.StartsWith("http", StringComparison.Ordinal), CopyPlanner.IsHttpSource(source));
    }

    [Theory]
    [InlineData(false, new[] { "https://example.com/x" }, null, "source can't be a URL for COPY")]
    [InlineData(false, new[] { "git@github.com:a/b.git" }, null, "source can't be a git ref for COPY")]
    [InlineData(false, new[] { "a" }, "sha256:00", "checksum can't be specified for COPY")]
    [InlineData(true, new[] { "https://e.com/a", "https://e.com/b" }, "sha256:00", "checksum can't be specified for multiple sources")]
    [InlineData(true, new[] { "a" }, "sha256:00", "checksum requires HTTP(S) or Git sources")]
    [InlineData(true, new[] { "https://e.com/a" }, "md5:00", "invalid checksum digest format: \"md5:00\"")]
    public void Source_kind_errors(bool isAdd, string[] sources, string? checksum, string message)
    {
        var request = new CopyRequest { IsAdd = isAdd, Sources = sources, Destination = "/d/", Checksum = checksum };
        Assert.Equal(message, Assert.Throws<HoistException>(() => Plan(null, request)).Message);
    }

    [Fact]
    public void Plans_are_deterministic()
    {
        _tree.File("z", "").File("a/b", "").File("a/a", "").File("m/n/o", "");
        Assert.Equal(Lines(Plan(Context, Copy("/x/", "."))), Lines(Plan(Context, Copy("/x/", "."))));
        Assert.Equal(["/x", "/x/a", "/x/a/a", "/x/a/b", "/x/m", "/x/m/n", "/x/m/n/o", "/x/z"],
            Plan(Context, Copy("/x/", ".")).Operations.Select(o => o.Destination));
    }

    private static byte[] MakeTar()
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("hi"u8.ToArray()) };
            writer.WriteEntry(entry);
        }
        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }
}
