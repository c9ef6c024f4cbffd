using Hoist.Building.Context;

namespace Hoist.Tests.Building;

/// <summary>The build context: .dockerignore applied, metadata from lstat, symlinks never followed out of the root.</summary>
public sealed class BuildContextTests
{
    [Fact]
    public void Ignored_entries_are_invisible()
    {
        using var tree = new TempTree()
            .File(".dockerignore", "*.log\nnode_modules\n")
            .File("app.js", "x").File("debug.log", "x").File("node_modules/lib/index.js", "x");
        var context = BuildContext.Open(tree.Root);
        Assert.Equal([".dockerignore", "app.js"], context.List("").Select(e => e.Name));
        Assert.Null(context.Lookup("debug.log", followFinalSymlink: false));
        Assert.Null(context.Lookup("node_modules/lib/index.js", followFinalSymlink: false));
    }

    [Fact]
    public void An_exception_reincludes_a_file_inside_an_excluded_directory()
    {
        using var tree = new TempTree()
            .File(".dockerignore", "docs\n!docs/README.md\n")
            .File("docs/README.md", "readme").File("docs/internal.md", "secret").File("docs/sub/deep.md", "x");
        var context = BuildContext.Open(tree.Root);
        var docs = context.Lookup("docs", followFinalSymlink: false);
        Assert.Equal(FileKind.Directory, docs?.Kind);
        Assert.Equal(["README.md"], context.List("docs").Select(e => e.Name));
        Assert.NotNull(context.Lookup("docs/README.md", followFinalSymlink: false));
        Assert.Null(context.Lookup("docs/internal.md", followFinalSymlink: false));
    }

    [Fact]
    public void A_glob_exception_is_found_at_any_depth()
    {
        using var tree = new TempTree()
            .File(".dockerignore", "**\n!**/*.go\n")
            .File("cmd/tool/main.go", "package main").File("cmd/tool/notes.txt", "x").File("empty/readme.txt", "x");
        var context = BuildContext.Open(tree.Root);
        Assert.Equal(["cmd"], context.List("").Select(e => e.Name));
        Assert.Equal(["main.go"], context.List("cmd/tool").Select(e => e.Name));
    }

    [Fact]
    public void An_excluded_directory_with_nothing_reincluded_stays_hidden()
    {
        using var tree = new TempTree().File(".dockerignore", "secrets\n!public/keep\n").File("secrets/key", "x").File("public/keep", "x");
        var context = BuildContext.Open(tree.Root);
        Assert.Null(context.Lookup("secrets", followFinalSymlink: false));
        Assert.Equal([".dockerignore", "public"], context.List("").Select(e => e.Name));
    }

    [Fact]
    public void The_dockerfile_and_ignore_file_get_no_special_treatment()
    {
        // BuildKit loads the Dockerfile separately; if the context ignores it, COPY . does not see it.
        using var tree = new TempTree().File(".dockerignore", "Dockerfile\n.dockerignore\n").File("Dockerfile", "FROM scratch").File("a", "");
        var context = BuildContext.Open(tree.Root, tree.PathOf("Dockerfile"));
        Assert.Equal(["a"], context.List("").Select(e => e.Name));
    }

    [Fact]
    public void A_symlink_to_a_host_file_is_reported_as_a_link_and_never_read()
    {
        using var tree = new TempTree().Link("passwd", "/etc/passwd");
        var context = BuildContext.Open(tree.Root);
        var entry = context.Lookup("passwd", followFinalSymlink: false)!;
        Assert.Equal(FileKind.Symlink, entry.Kind);
        Assert.Equal("/etc/passwd", entry.LinkTarget);
        // Followed, the absolute target is taken relative to the context root, where there is no etc/passwd.
        Assert.Null(context.Lookup("passwd", followFinalSymlink: true));
    }

    [Fact]
    public void A_parent_symlink_pointing_outside_resolves_inside_the_root()
    {
        using var outside = new TempTree().File("secret.txt", "host secret");
        using var tree = new TempTree().Link("escape", outside.Root).File(outside.Root.TrimStart('/') + "/secret.txt", "inside copy");
        var context = BuildContext.Open(tree.Root);
        var entry = context.Lookup("escape/secret.txt", followFinalSymlink: false)!;
        Assert.Equal(outside.Root.TrimStart('/') + "/secret.txt", entry.Path);
        using var reader = new StreamReader(context.OpenRead(entry.Path));
        Assert.Equal("inside copy", reader.ReadToEnd());
    }

    [Fact]
    public void Listing_or_opening_through_an_escaping_link_stays_inside_the_root()
    {
        using var outside = new TempTree().File("secret.txt", "host secret");
        using var tree = new TempTree().Link("escape", outside.Root).Link("file-escape", outside.PathOf("secret.txt"));
        var context = BuildContext.Open(tree.Root);
        Assert.Throws<HoistException>(() => context.List("escape"));
        Assert.Throws<HoistException>(() => context.OpenRead("escape/secret.txt"));
        Assert.Throws<HoistException>(() => context.OpenRead("file-escape"));
    }

    [Fact]
    public void Dot_dot_in_a_link_target_stops_at_the_root()
    {
        using var tree = new TempTree().Dir("a").Link("a/up", "../../../../..").File("top.txt", "top");
        var context = BuildContext.Open(tree.Root);
        Assert.Equal("top.txt", context.Lookup("a/up/top.txt", followFinalSymlink: true)!.Path);
        Assert.Equal("top.txt", context.Lookup("../../top.txt", followFinalSymlink: true)!.Path);
    }

    [Fact]
    public void Symlink_loops_are_an_error_not_a_hang()
    {
        using var tree = new TempTree().Link("a", "b").Link("b", "a");
        var context = BuildContext.Open(tree.Root);
        var error = Assert.Throws<HoistException>(() => context.Lookup("a", followFinalSymlink: true));
        Assert.Contains("too many levels of symbolic links", error.Message);
    }

    [Fact]
    public void A_file_used_as_a_directory_is_not_found()
    {
        using var tree = new TempTree().File("file", "x");
        Assert.Null(BuildContext.Open(tree.Root).Lookup("file/child", followFinalSymlink: false));
    }

    [Fact]
    public void Metadata_comes_from_lstat()
    {
        using var tree = new TempTree().File("tool", "12345", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.SetUser | UnixFileMode.GroupRead);
        File.CreateSymbolicLink(tree.PathOf("link"), "tool");
        File.SetLastWriteTimeUtc(tree.PathOf("tool"), new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var context = BuildContext.Open(tree.Root);
        var file = context.Lookup("tool", followFinalSymlink: false)!;
        Assert.Equal(FileKind.File, file.Kind);
        Assert.Equal(0b100_111_100_000, file.Mode); // 04740
        Assert.Equal(5, file.Size);
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero), file.ModificationTime);
        Assert.Equal(GetUid(), file.Uid);
        Assert.NotEqual(0UL, file.Inode);
        var link = context.Lookup("link", followFinalSymlink: false)!;
        Assert.Equal(FileKind.Symlink, link.Kind);
        Assert.Equal("tool", link.LinkTarget);
        Assert.Equal(file.Path, context.Lookup("link", followFinalSymlink: true)!.Path);
    }

    [Fact]
    public void Hard_links_share_inode_and_device()
    {
        using var tree = new TempTree().File("a", "same");
        var result = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ln", [tree.PathOf("a"), tree.PathOf("b")]))!;
        result.WaitForExit();
        var context = BuildContext.Open(tree.Root);
        var a = context.Lookup("a", false)!;
        var b = context.Lookup("b", false)!;
        Assert.Equal((a.Inode, a.Device), (b.Inode, b.Device));
        Assert.Equal(2, a.LinkCount);
    }

    [Fact]
    public void Fifos_are_reported_as_such()
    {
        using var tree = new TempTree();
        var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [tree.PathOf("pipe")]))!;
        mkfifo.WaitForExit();
        Assert.Equal(FileKind.Fifo, BuildContext.Open(tree.Root).Lookup("pipe", false)!.Kind);
    }

    [Fact]
    public void Listing_is_sorted_by_ordinal_name()
    {
        using var tree = new TempTree().File("b", "").File("B", "").File("a", "").File("_", "");
        Assert.Equal(["B", "_", "a", "b"], BuildContext.Open(tree.Root).List("").Select(e => e.Name));
    }

    private static int GetUid()
    {
        var status = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return int.Parse(status.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
