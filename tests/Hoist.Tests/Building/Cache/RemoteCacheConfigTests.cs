using System.Text;
using Hoist.Building.Cache;
using Hoist.Oci;

namespace Hoist.Tests.Building.Cache;

public sealed class RemoteCacheConfigTests
{
    private static readonly CacheEntry LayerEntry = new(Digest.Sha256("run"u8.ToArray()), new DateTimeOffset(2026, 11, 23, 12, 0, 0, 123, TimeSpan.Zero),
        new ImageLayer(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Sha256("blob"u8.ToArray()), Size = 42 },
            Digest.Sha256("diff"u8.ToArray())));

    private static readonly CacheEntry ConfigEntry = new(Digest.Sha256("label"u8.ToArray()), new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), null);

    [Fact]
    public void Entries_round_trip_through_the_config_blob()
    {
        var bytes = RemoteCacheConfig.From([LayerEntry, ConfigEntry]).ToBytes();
        var entries = RemoteCacheConfig.Parse(bytes).ToEntries();
        Assert.Equal(2, entries.Count);
        var layer = Assert.Single(entries, e => e.Key == LayerEntry.Key);
        Assert.Equal(LayerEntry.Created, layer.Created);
        Assert.Equal(LayerEntry.Layer, layer.Layer);
        var config = Assert.Single(entries, e => e.Key == ConfigEntry.Key);
        Assert.Equal(ConfigEntry.Created.UtcTicks, config.Created.UtcTicks);
        Assert.Null(config.Layer);
        Assert.Contains("\"layerMediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\"", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void The_same_entries_give_the_same_bytes_in_any_order()
    {
        Assert.Equal(RemoteCacheConfig.From([LayerEntry, ConfigEntry]).ToBytes(), RemoteCacheConfig.From([ConfigEntry, LayerEntry]).ToBytes());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"schemaVersion":2,"entries":[]}""")]
    [InlineData("""{"schemaVersion":1,"entries":[{"key":"nope","created":"2026-01-01T00:00:00Z"}]}""")]
    [InlineData("""{"schemaVersion":1,"entries":[{"key":"sha256:0000000000000000000000000000000000000000000000000000000000000000","created":"2026-01-01T00:00:00Z","layerDigest":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}]}""")]
    public void A_bad_config_is_a_user_error(string json)
    {
        Assert.Throws<HoistException>(() => RemoteCacheConfig.Parse(Encoding.UTF8.GetBytes(json)).ToEntries());
    }

    private const string Zeros = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public void Cache_mounts_round_trip_and_are_absent_without_them()
    {
        Assert.DoesNotContain("mounts", Encoding.UTF8.GetString(RemoteCacheConfig.From([LayerEntry]).ToBytes()));
        var key = new string('a', 32);
        var config = RemoteCacheConfig.From([LayerEntry]) with
        {
            Mounts = [new RemoteCacheMountRecord { Key = key, MediaType = "application/vnd.oci.image.layer.v1.tar+gzip", Digest = Zeros, Size = 7 }],
        };
        var (mountKey, blob) = Assert.Single(RemoteCacheConfig.Parse(config.ToBytes()).MountBlobs());
        Assert.Equal(key, mountKey);
        Assert.Equal(7, blob.Size);
    }

    [Theory]
    [InlineData("../../../../etc/cron.d")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/x")]
    [InlineData("")]
    public void A_cache_mount_key_that_is_not_a_cache_directory_name_is_refused(string key)
    {
        var json = $$"""{"schemaVersion":1,"entries":[],"mounts":[{"key":"{{key}}","mediaType":"m","digest":"{{Zeros}}","size":1}]}""";
        var e = Assert.Throws<HoistException>(() => RemoteCacheConfig.Parse(Encoding.UTF8.GetBytes(json)).MountBlobs());
        Assert.Contains("bad cache mount", e.Message);
    }
}
