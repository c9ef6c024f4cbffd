using Hoist.Analysis;

namespace Hoist.Tests.Analysis;

/// <summary>Layers merge as an OCI runtime would see them; what a later layer replaces or deletes is counted as waste.</summary>
public sealed class MergedFileSystemTests
{
    private static async Task<LayerWalk> WalkAsync(LayeredImage image)
    {
        var walk = new LayerWalk([]);
        await walk.RunAsync(image.Build(), CancellationToken.None);
        return walk;
    }

    [Fact]
    public async Task A_whiteout_deletes_a_lower_file_and_its_bytes_count_as_wasted_by_the_deleting_layer()
    {
        var walk = await WalkAsync(new LayeredImage()
            .Layer(l => l.Dir("app").File("app/big.bin", new byte[5000]).File("app/keep", "k"))
            .Layer(l => l.Whiteout("app/big.bin")));

        Assert.Null(walk.FileSystem.Find("/app/big.bin"));
        Assert.NotNull(walk.FileSystem.Find("/app/keep"));
        Assert.Equal([0L, 5000L], walk.Layers.Select(l => l.WastedBytes));
        Assert.Equal(new WastedFile("/app/big.bin", 5000, 0, 1), Assert.Single(walk.FileSystem.LargestWasted));
    }

    [Fact]
    public async Task An_opaque_directory_hides_lower_children_but_keeps_those_of_its_own_layer()
    {
        var walk = await WalkAsync(new LayeredImage()
            .Layer(l => l.Dir("etc").File("etc/old", "0123456789").Dir("etc/sub").File("etc/sub/deep", "xyz"))
            .Layer(l => l.Dir("etc").File("etc/new", "n").Opaque("etc")));

        Assert.Equal(["new"], walk.FileSystem.Find("/etc")!.Children.Select(c => c.Name));
        Assert.Equal(13, walk.FileSystem.WastedBytes);
    }

    [Fact]
    public async Task Overwriting_a_file_wastes_the_old_bytes_and_replacing_a_directory_wastes_its_whole_tree()
    {
        var walk = await WalkAsync(new LayeredImage()
            .Layer(l => l.File("a", "1234").Dir("d").File("d/x", "12345678"))
            .Layer(l => l.File("a", "12").File("d", "now a file")));

        Assert.Equal(4 + 8, walk.FileSystem.WastedBytes);
        Assert.Equal(Hoist.Archives.TarEntryType.Regular, walk.FileSystem.Find("/d")!.Type);
        Assert.Equal([4L + 8, 2L + 10], walk.Layers.Select(l => l.ContentSize));
    }

    [Fact]
    public async Task Entries_below_a_symlinked_directory_land_where_the_link_points_as_extraction_puts_them()
    {
        var walk = await WalkAsync(new LayeredImage()
            .Layer(l => l.Dir("usr").Dir("usr/lib").Symlink("lib", "usr/lib"))
            .Layer(l => l.File("lib/libc.so", "elf")));

        Assert.NotNull(walk.FileSystem.Find("/usr/lib/libc.so"));
        Assert.NotNull(walk.FileSystem.Find("/lib/libc.so"));
    }

    [Fact]
    public async Task Layer_sizes_count_file_bytes_and_symlink_targets_the_compressed_blob_and_the_tar_stream()
    {
        var image = new LayeredImage().Layer(l => l.File("f", new byte[1000]).Symlink("s", "f")).Build();
        var walk = new LayerWalk([]);
        await walk.RunAsync(image, CancellationToken.None);

        var layer = Assert.Single(walk.Layers);
        Assert.Equal(1001, layer.ContentSize);
        Assert.Equal(image.Layers[0].Size, layer.CompressedSize);
        Assert.Equal(512 + 1024 + 512 + 1024, layer.TarSize);
        Assert.Equal(2, layer.Entries);
    }

    [Fact]
    public async Task A_layer_that_is_not_a_tar_is_a_one_line_error_naming_the_image_and_layer()
    {
        var good = new LayeredImage().Layer(l => l.File("a", "a")).Build("app");
        var broken = good with { OpenLayer = _ => new MemoryStream("garbage that is no tar header"u8.ToArray()) };

        var error = await Assert.ThrowsAsync<HoistException>(() => new LayerWalk([]).RunAsync(broken, CancellationToken.None));

        Assert.StartsWith("app: layer 1: ", error.Message);
    }
}
