using Hoist.Snapshots;

namespace Hoist.Tests.Snapshots;

public sealed class OverlayMountOptionsTests
{
    [Fact]
    public void Separators_in_paths_are_escaped()
    {
        Assert.Equal(@"/a\:b\,c\\d", OverlayMountOptions.Escape(@"/a:b,c\d"));
    }

    [Fact]
    public void Upper_options_list_lowers_top_first()
    {
        Assert.Equal("lowerdir=/l2:/l1,upperdir=/u,workdir=/w", OverlayMountOptions.ForUpper(["/l2", "/l1"], "/u", "/w"));
    }

    [Fact]
    public void Chunks_keep_order_and_fit_the_limit()
    {
        var lowers = Enumerable.Range(0, 100).Select(i => $"/var/lib/hoist/snapshots/layers/sha256/{i:D64}").ToArray();

        var chunks = OverlayMountOptions.Chunk(lowers, 1000);

        Assert.Equal(lowers, chunks.SelectMany(c => c));
        Assert.All(chunks, c => Assert.True(OverlayMountOptions.ForReadOnly(c).Length <= 1000));
        Assert.True(chunks.Count > 1);
        Assert.True(chunks.Take(chunks.Count - 1).All(c => OverlayMountOptions.ForReadOnly([.. c, lowers[0]]).Length > 1000),
            "each chunk but the last is full");
    }

    [Fact]
    public void A_path_longer_than_the_limit_is_refused()
    {
        Assert.Throws<HoistException>(() => OverlayMountOptions.Chunk(["/" + new string('a', 200)], 100));
    }
}
