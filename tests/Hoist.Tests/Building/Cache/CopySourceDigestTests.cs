using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Tests.Building.Cache;

/// <summary>The content part of a COPY key from the context: what matters misses, what does not hits.</summary>
public sealed class CopySourceDigestTests : IDisposable
{
    private readonly TempTree _tree = new TempTree()
        .File(".dockerignore", "**/*.log\n")
        .File("src/main.c", "int main(){}").File("src/debug.log", "noise").Link("src/link", "main.c");

    private readonly string _indexPath = Path.Combine(Path.GetTempPath(), $"hoist-hashes-{Guid.NewGuid():N}");

    public void Dispose()
    {
        _tree.Dispose();
        File.Delete(_indexPath);
    }

    private Task<Digest?> DigestAsync(CopyRequest? request = null, ContentHashIndex? index = null) =>
        CopySourceDigest.ComputeAsync(BuildContext.Open(_tree.Root), _tree.Root, request ?? new CopyRequest { Sources = ["src"], Destination = "/app/" },
            index ?? ContentHashIndex.Load(_indexPath), CancellationToken.None);

    [Fact]
    public async Task Mtime_and_ignored_files_do_not_count()
    {
        var before = await DigestAsync();
        Assert.NotNull(before);
        File.SetLastWriteTimeUtc(_tree.PathOf("src/main.c"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        _tree.File("src/debug.log", "other noise").File("src/new.log", "x");
        Assert.Equal(before, await DigestAsync());
    }

    [Fact]
    public async Task Content_mode_names_and_link_targets_count()
    {
        var before = await DigestAsync();
        _tree.File("src/main.c", "int main(){return 1;}");
        var content = await DigestAsync();
        Assert.NotEqual(before, content);
        _tree.Mode("src/main.c", TempTree.Mode755);
        var mode = await DigestAsync();
        Assert.NotEqual(content, mode);
        File.Delete(_tree.PathOf("src/link"));
        _tree.Link("src/link", "other.c");
        var link = await DigestAsync();
        Assert.NotEqual(mode, link);
        _tree.File("src/extra.h", "");
        Assert.NotEqual(link, await DigestAsync());
    }

    [Fact]
    public async Task Only_the_selected_sources_count()
    {
        var request = new CopyRequest { Sources = ["src/main.c"], Destination = "/app/" };
        var before = await DigestAsync(request);
        _tree.File("other.txt", "unrelated").File("src/unselected.h", "");
        Assert.Equal(before, await DigestAsync(request));
    }

    [Fact]
    public async Task The_destination_directory_state_and_chown_text_are_not_part_of_the_content()
    {
        // --chown is keyed by its text in the step key; names need not resolve (no /etc/passwd here).
        var plain = await DigestAsync();
        Assert.Equal(plain, await DigestAsync(new CopyRequest { Sources = ["src"], Destination = "/app/", Chown = "someone:somegroup" }));
    }

    [Fact]
    public async Task Unplannable_and_uncheckable_sources_have_no_key()
    {
        Assert.Null(await DigestAsync(new CopyRequest { Sources = ["missing.txt"], Destination = "/" }));
        Assert.Null(await CopySourceDigest.ComputeAsync(null, null,
            new CopyRequest { IsAdd = true, Sources = ["https://example.invalid/a.tar"], Destination = "/" }, ContentHashIndex.Load(_indexPath), CancellationToken.None));
    }

    [Fact]
    public async Task Settled_files_are_served_from_the_hash_index_across_builds()
    {
        var settled = TimeSpan.FromSeconds(-60); // treat fresh test files as settled
        var first = ContentHashIndex.Load(_indexPath, settled);
        var digest = await DigestAsync(index: first);
        Assert.Equal(0, first.Hits);
        first.Save();

        var second = ContentHashIndex.Load(_indexPath, settled);
        Assert.Equal(digest, await DigestAsync(index: second));
        Assert.Equal(0, second.Reads);
        Assert.True(second.Hits > 0);

        // Same size, mtime put back: ctime still tells the content changed.
        var mtime = File.GetLastWriteTimeUtc(_tree.PathOf("src/main.c"));
        File.WriteAllText(_tree.PathOf("src/main.c"), "int xain(){}");
        File.SetLastWriteTimeUtc(_tree.PathOf("src/main.c"), mtime);
        var third = ContentHashIndex.Load(_indexPath, settled);
        Assert.NotEqual(digest, await DigestAsync(index: third));
        Assert.Equal(1, third.Reads);
    }

    /// <summary>A context source that lists every directory when asked, never ahead (ICopySource's default).</summary>
    private sealed class ListingOnDemand(BuildContext context) : ICopySource
    {
        public string Name => context.Name;

        public bool ResetsOwnership => context.ResetsOwnership;

        public FileEntry? Lookup(string path, bool followFinalSymlink) => context.Lookup(path, followFinalSymlink);

        public IReadOnlyList<FileEntry> List(string directory) => context.List(directory);

        public Stream OpenRead(string path) => context.OpenRead(path);
    }

    [Fact]
    public async Task A_deep_tree_scanned_ahead_plans_and_hashes_as_one_listed_on_demand()
    {
        // Four levels of three directories, each with files, an ignored file and a symlink: the walk announces
        // directories and other threads list them; the plan and digest must be those of the plain walk.
        for (var a = 0; a < 3; a++)
        for (var b = 0; b < 3; b++)
        for (var c = 0; c < 3; c++)
        {
            var directory = $"src/a{a}/b{b}/c{c}";
            _tree.File($"{directory}/x.txt", directory).File($"{directory}/y.log", "ignored").Link($"{directory}/up", "../../x.txt")
                .File($"src/a{a}/b{b}/x.txt", "b").File($"src/a{a}/x.txt", "a");
        }
        var request = new CopyRequest { Sources = ["src"], Destination = "/app/" };
        var destination = new CopyDestination { IsDirectory = _ => true };
        var context = BuildContext.Open(_tree.Root);
        var ahead = new CopyPlanner(context, destination).Plan(request).Operations;
        var onDemand = new CopyPlanner(new ListingOnDemand(BuildContext.Open(_tree.Root)), destination).Plan(request).Operations;
        Assert.Equal(onDemand.Select(o => (o.Destination, o.Kind, o.Mode, o.LinkTarget, o.SourceIdentity)),
            ahead.Select(o => (o.Destination, o.Kind, o.Mode, o.LinkTarget, o.SourceIdentity)));
        Assert.Contains(ahead, o => o.Destination == "/app/a2/b2/c2/up" && o.LinkTarget == "../../x.txt");
        Assert.DoesNotContain(ahead, o => o.Destination.EndsWith(".log", StringComparison.Ordinal));
        Assert.Equal(2 + 3 * 3 * 3 * 2 + 3 * 3 + 3 + 3 * 3 * 3 + 3 * 3 + 3, ahead.Count); // main.c and link, files, directories

        // Deep down, the same size and the mtime put back: caught through the index all the same.
        var (before, after, index) = await AfterIndexedBuildAsync(() =>
        {
            var path = _tree.PathOf("src/a2/b1/c0/x.txt");
            var mtime = File.GetLastWriteTimeUtc(path);
            File.WriteAllText(path, "src/a2/b1/c9");
            File.SetLastWriteTimeUtc(path, mtime);
        });
        Assert.NotEqual(before, after);
        Assert.Equal(1, index.Reads);
    }

    /// <summary>A rebuild from a saved index, reading nothing; then <paramref name="change"/> and the next rebuild.</summary>
    private async Task<(Digest? Before, Digest? After, ContentHashIndex Index)> AfterIndexedBuildAsync(Action change)
    {
        var settled = TimeSpan.FromSeconds(-60); // treat fresh test files as settled
        var first = ContentHashIndex.Load(_indexPath, settled);
        await DigestAsync(index: first);
        first.Save();
        var second = ContentHashIndex.Load(_indexPath, settled);
        var before = await DigestAsync(index: second);
        Assert.Equal(0, second.Reads);
        change();
        var third = ContentHashIndex.Load(_indexPath, settled);
        return (before, await DigestAsync(index: third), third);
    }

    [Fact]
    public async Task A_same_size_edit_with_mtime_and_ctime_kept_is_caught_by_the_inode()
    {
        // An editor that writes a new file and renames it over the old one: same size, mtime set back.
        var path = _tree.PathOf("src/main.c");
        var (before, after, index) = await AfterIndexedBuildAsync(() =>
        {
            var mtime = File.GetLastWriteTimeUtc(path);
            File.WriteAllText(path + ".tmp", "int xain(){}");
            File.SetLastWriteTimeUtc(path + ".tmp", mtime);
            File.Move(path + ".tmp", path, overwrite: true);
        });
        Assert.NotEqual(before, after);
        Assert.Equal(1, index.Reads);
    }

    [Fact]
    public async Task A_mode_change_misses_through_the_index()
    {
        var (before, after, _) = await AfterIndexedBuildAsync(() => _tree.Mode("src/main.c", TempTree.Mode755));
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Xattrs_are_served_from_the_index_and_a_new_one_misses()
    {
        Assert.True(Native.TrySetXattr(_tree.PathOf("src/main.c"), "user.first", "1"u8.ToArray()));
        var (before, after, index) = await AfterIndexedBuildAsync(
            () => Assert.True(Native.TrySetXattr(_tree.PathOf("src/main.c"), "user.second", "2"u8.ToArray())));
        Assert.NotEqual(before, after);
        Assert.Equal(1, index.Reads);
        // The stored xattrs are the live ones: a digest read without the index agrees.
        Assert.Equal(after, await CopySourceDigest.ComputeAsync(BuildContext.Open(_tree.Root), _tree.Root,
            new CopyRequest { Sources = ["src"], Destination = "/app/" }, null, CancellationToken.None));
        index.Save();
        var reloaded = ContentHashIndex.Load(_indexPath, TimeSpan.FromSeconds(-60));
        Assert.Equal(after, await DigestAsync(index: reloaded));
        Assert.Equal(0, reloaded.Reads);
    }

    [Fact]
    public async Task Files_changed_just_now_are_not_trusted_to_the_index()
    {
        var index = ContentHashIndex.Load(_indexPath);
        await DigestAsync(index: index);
        index.Save();
        var again = ContentHashIndex.Load(_indexPath);
        await DigestAsync(index: again);
        Assert.Equal(0, again.Hits);
    }

    [Fact]
    public async Task A_torn_or_garbage_hash_index_is_ignored()
    {
        var settled = TimeSpan.FromSeconds(-60);
        var index = ContentHashIndex.Load(_indexPath, settled);
        var digest = await DigestAsync(index: index);
        index.Save();
        var bytes = File.ReadAllBytes(_indexPath);
        File.WriteAllBytes(_indexPath, bytes[..(bytes.Length / 2)]);
        var torn = ContentHashIndex.Load(_indexPath, settled);
        Assert.Equal(digest, await DigestAsync(index: torn));
        Assert.Equal(0, torn.Hits);
        bytes[^40] ^= 0xFF; // a flipped bit in a stored hash: the checksum refuses the file
        File.WriteAllBytes(_indexPath, bytes);
        var flipped = ContentHashIndex.Load(_indexPath, settled);
        Assert.Equal(digest, await DigestAsync(index: flipped));
        Assert.Equal(0, flipped.Hits);
    }
}
