using System.Text;
using Hoist.Building.Cache;
using Hoist.Oci;

namespace Hoist.Tests.Building.Cache;

/// <summary>The on-disk cache index: entries round-trip; anything torn or foreign reads as a miss.</summary>
public sealed class CacheIndexTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hoist-cache-index-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly Digest Key = Digest.Sha256("key"u8);

    private static CacheEntry LayerEntry(Digest key) => new(key, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567),
        new ImageLayer(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Sha256("blob"u8), Size = 42 }, Digest.Sha256("diff"u8)));

    [Fact]
    public void Entries_round_trip_with_exact_timestamps()
    {
        var index = new CacheIndex(_root);
        index.Put(LayerEntry(Key));
        index.Put(new CacheEntry(Digest.Sha256("config"u8), DateTimeOffset.UnixEpoch, null));
        var read = index.TryGet(Key);
        Assert.NotNull(read);
        Assert.Equal(LayerEntry(Key).Created, read.Created);
        Assert.Equal(LayerEntry(Key).Layer, read.Layer);
        Assert.Null(index.TryGet(Digest.Sha256("config"u8))!.Layer);
        Assert.Equal(2, index.Enumerate().Count());
        Assert.Null(index.TryGet(Digest.Sha256("absent"u8)));
    }

    [Fact]
    public void Every_truncation_of_an_entry_is_ignored()
    {
        var index = new CacheIndex(_root);
        var text = CacheIndex.Format(LayerEntry(Key));
        for (var length = 0; length < text.Length; length++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(index.PathOf(Key))!);
            File.WriteAllText(index.PathOf(Key), text[..length]);
            Assert.Null(index.TryGet(Key));
        }
        File.WriteAllText(index.PathOf(Key), text);
        Assert.NotNull(index.TryGet(Key));
    }

    [Fact]
    public void Garbage_and_an_entry_for_another_key_are_ignored_and_removed_by_cleanup()
    {
        var index = new CacheIndex(_root);
        Directory.CreateDirectory(Path.GetDirectoryName(index.PathOf(Key))!);
        File.WriteAllBytes(index.PathOf(Key), Encoding.UTF8.GetBytes("\0\0garbage\nsum 00\n"));
        Assert.Null(index.TryGet(Key));
        // A valid entry stored under the wrong name (e.g. a copied file) is not trusted either.
        File.WriteAllText(index.PathOf(Key), CacheIndex.Format(LayerEntry(Digest.Sha256("other"u8))));
        Assert.Null(index.TryGet(Key));
        // An edited field breaks the checksum.
        File.WriteAllText(index.PathOf(Key), CacheIndex.Format(LayerEntry(Key)).Replace(" 42 ", " 43 ", StringComparison.Ordinal));
        Assert.Null(index.TryGet(Key));
        Assert.Empty(index.Enumerate());
        Assert.Equal(1, index.RemoveInvalid());
        Assert.False(File.Exists(index.PathOf(Key)));
    }

    [Fact]
    public void Writes_leave_no_temp_files_and_touch_updates_last_use()
    {
        var index = new CacheIndex(_root);
        index.Put(LayerEntry(Key));
        index.Put(LayerEntry(Key));
        Assert.Single(Directory.EnumerateFiles(index.Directory, "*", SearchOption.AllDirectories));
        File.SetLastWriteTimeUtc(index.PathOf(Key), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(2020, index.TryGet(Key)!.LastUsed.Year);
        index.Touch(Key);
        Assert.True(index.TryGet(Key)!.LastUsed > DateTimeOffset.UtcNow.AddMinutes(-5));
    }
}
