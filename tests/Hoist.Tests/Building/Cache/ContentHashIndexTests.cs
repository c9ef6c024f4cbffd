using System.Text;
using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Posix;

namespace Hoist.Tests.Building.Cache;

/// <summary>The file-hash index trusts an entry only for the very identity it was read with, field by field.</summary>
public sealed class ContentHashIndexTests : IDisposable
{
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(-60); // treat fresh test files as settled

    private readonly TempTree _tree = new TempTree().File("a.txt", "alpha");
    private readonly string _indexPath = Path.Combine(Path.GetTempPath(), $"hoist-hashes-{Guid.NewGuid():N}");

    public void Dispose()
    {
        _tree.Dispose();
        File.Delete(_indexPath);
    }

    private FileIdentity Identity => FileIdentity.Of(_tree.PathOf("a.txt"))!.Value;

    private Stream Open() => File.OpenRead(_tree.PathOf("a.txt"));

    private async Task<ContentHashIndex> RecordedAsync()
    {
        var index = ContentHashIndex.Load(_indexPath, Settled);
        await index.ReadAsync(_tree.Root, "a.txt", Identity, Open, CancellationToken.None);
        Assert.Equal(1, index.Reads);
        index.Save();
        return ContentHashIndex.Load(_indexPath, Settled);
    }

    public static TheoryData<string> Fields => ["size", "mtime", "ctime", "inode", "device"];

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Any_identity_field_that_differs_from_the_entry_means_the_file_is_read(string field)
    {
        var index = await RecordedAsync();
        var identity = Identity;
        var changed = field switch
        {
            "size" => identity with { Size = identity.Size + 1 },
            "mtime" => identity with { ModifiedNanoseconds = identity.ModifiedNanoseconds + 1 },
            "ctime" => identity with { ChangedNanoseconds = identity.ChangedNanoseconds + 1 },
            "inode" => identity with { Inode = identity.Inode + 1 },
            _ => identity with { Device = identity.Device + 1 },
        };
        var facts = await index.ReadAsync(_tree.Root, "a.txt", changed, Open, CancellationToken.None);
        Assert.Equal((0, 1), (index.Hits, index.Reads));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("alpha"u8), facts.ContentHash);
    }

    [Fact]
    public async Task The_scanned_identity_is_trusted_without_a_second_stat()
    {
        var index = await RecordedAsync();
        var identity = Identity;
        File.Delete(_tree.PathOf("a.txt")); // a stat now would fail: the entry is served from the scan's identity alone
        var facts = await index.ReadAsync(_tree.Root, "a.txt", identity, () => throw new InvalidOperationException("read"), CancellationToken.None);
        Assert.Equal((1, 0), (index.Hits, index.Reads));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("alpha"u8), facts.ContentHash);
    }

    [Fact]
    public async Task Without_a_scanned_identity_the_file_is_stat_ed()
    {
        var index = await RecordedAsync();
        await index.ReadAsync(_tree.Root, "a.txt", null, Open, CancellationToken.None);
        Assert.Equal((1, 0), (index.Hits, index.Reads));
    }

    [Fact]
    public async Task Entries_are_per_source_root()
    {
        var index = await RecordedAsync();
        using var other = new TempTree().File("a.txt", "alpha");
        await index.ReadAsync(other.Root, "a.txt", FileIdentity.Of(other.PathOf("a.txt")), () => File.OpenRead(other.PathOf("a.txt")), CancellationToken.None);
        Assert.Equal((0, 1), (index.Hits, index.Reads));
    }

    [Fact]
    public async Task Xattrs_are_kept_with_the_entry_across_save_and_load()
    {
        Assert.True(Native.TrySetXattr(_tree.PathOf("a.txt"), "user.k", "v"u8.ToArray()));
        var index = await RecordedAsync();
        var facts = await index.ReadAsync(_tree.Root, "a.txt", Identity, () => throw new InvalidOperationException("read"), CancellationToken.None);
        Assert.Equal("v"u8.ToArray(), facts.Xattrs["user.k"]);
    }

    [Fact]
    public async Task A_file_changed_while_it_is_read_is_not_recorded()
    {
        var index = ContentHashIndex.Load(_indexPath, Settled);
        var scanned = Identity;
        await index.ReadAsync(_tree.Root, "a.txt", scanned, () =>
        {
            File.AppendAllText(_tree.PathOf("a.txt"), "!"); // the scan's identity no longer holds once read
            return Open();
        }, CancellationToken.None);
        index.Save();
        Assert.False(File.Exists(_indexPath));
    }

    [Fact]
    public async Task An_index_of_the_first_format_is_read_as_empty()
    {
        File.WriteAllBytes(_indexPath, Encoding.UTF8.GetBytes("hoist-file-hashes-v1\n" + new string('x', 64)));
        var index = ContentHashIndex.Load(_indexPath, Settled);
        await index.ReadAsync(_tree.Root, "a.txt", Identity, Open, CancellationToken.None);
        Assert.Equal((0, 1), (index.Hits, index.Reads));
    }
}
