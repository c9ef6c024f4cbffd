using System.Text.Json;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Tests.Content;

public sealed class ImageNamesTests : IDisposable
{
    private readonly TestStore _test = new();

    private ContentStore Store => _test.Store;

    public void Dispose() => _test.Dispose();

    [Fact]
    public async Task Names_are_stored_normalised_and_listed_back()
    {
        var image = await TestImages.WriteAsync(Store, "busybox", ["a"]);
        await Store.Names.SetAsync(ImageReference.Parse("ghcr.io/org/app:1.0"), image.ManifestDigest);

        var names = Store.Names.List();

        Assert.Equal(["docker.io/library/busybox:latest", "ghcr.io/org/app:1.0"], names.Select(n => n.Reference.ToString()));
        Assert.All(names, n => Assert.Equal(image.ManifestDigest, n.Digest));
        using var file = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_test.Root, "images.json")));
        Assert.Equal(image.ManifestDigest.ToString(), file.RootElement.GetProperty("docker.io/library/busybox:latest").GetString());
    }

    [Fact]
    public async Task Retagging_moves_the_name_and_untagging_removes_only_that_name()
    {
        var first = await TestImages.WriteAsync(Store, "app:latest", ["one"]);
        var second = await TestImages.WriteAsync(Store, "app:v2", ["two"]);
        await Store.Names.SetAsync(ImageReference.Parse("app"), second.ManifestDigest);

        Assert.Equal(second.ManifestDigest, Store.Names.Lookup(ImageReference.Parse("app:latest")));
        Assert.True(await Store.Names.RemoveAsync(ImageReference.Parse("app:v2")));
        Assert.False(await Store.Names.RemoveAsync(ImageReference.Parse("app:v2")));
        Assert.Null(Store.Names.Lookup(ImageReference.Parse("app:v2")));
        Assert.Equal(second.ManifestDigest, Store.Names.Lookup(ImageReference.Parse("app")));
        Assert.True(Store.Contains(first.ManifestDigest));
    }

    [Fact]
    public async Task Tagging_an_image_with_the_name_it_has_leaves_the_file_untouched()
    {
        var image = await TestImages.WriteAsync(Store, "app:1", ["one"]);
        var path = Path.Combine(_test.Root, "images.json");
        var before = new FileInfo(path).LastWriteTimeUtc;
        File.SetLastWriteTimeUtc(path, before.AddHours(-1));

        await Store.Names.SetAsync(ImageReference.Parse("app:1"), image.ManifestDigest);
        Assert.Equal(before.AddHours(-1), new FileInfo(path).LastWriteTimeUtc);

        var other = await TestImages.WriteAsync(Store, null, ["two"]);
        await Store.Names.SetAsync(ImageReference.Parse("app:1"), other.ManifestDigest);
        Assert.Equal(other.ManifestDigest, Store.Names.Lookup(ImageReference.Parse("app:1")));
        Assert.NotEqual(before.AddHours(-1), new FileInfo(path).LastWriteTimeUtc);
    }

    [Fact]
    public async Task Tagging_content_that_is_not_stored_is_refused()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() =>
            Store.Names.SetAsync(ImageReference.Parse("ghost"), Digest.Sha256("nothing"u8)));

        Assert.Contains("is not in the store", error.Message);
        Assert.Empty(Store.Names.List());
    }

    [Fact]
    public async Task Concurrent_tags_from_many_writers_are_all_kept()
    {
        var image = await TestImages.WriteAsync(Store, null, ["x"]);
        // Two store objects stand in for two processes: they share nothing but the files and their locks.
        var other = _test.Reopen();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Store : other).Names.SetAsync(ImageReference.Parse($"app:t{i}"), image.ManifestDigest))));

        Assert.Equal(40, Store.Names.List().Count);
    }

    [Fact]
    public async Task Images_resolve_by_name_id_prefix_and_digest()
    {
        var image = await TestImages.WriteAsync(Store, "web:1", ["w"]);
        await TestImages.WriteAsync(Store, "db:1", ["d"]);

        foreach (var name in new[]
        {
            "web:1", "docker.io/library/web:1", image.Id.ToString(), image.Id.Hex, image.Id.Hex[..12],
            "sha256:" + image.Id.Hex[..12], image.ManifestDigest.ToString(), "web@" + image.ManifestDigest,
        })
        {
            var found = await Store.ResolveImageAsync(name);
            Assert.Equal(image.Id, found.Id);
            Assert.Equal(image.ManifestDigest, found.Manifest.Digest);
        }
        Assert.Equal(["web:1"], (await Store.ResolveImageAsync("web:1")).References.Select(r => r.Familiar));
        Assert.Equal(image.Size, (await Store.ResolveImageAsync("web:1")).Size);
    }

    [Fact]
    public async Task Unknown_image_is_a_one_line_user_error()
    {
        await TestImages.WriteAsync(Store, "web:1", ["w"]);

        Assert.Equal("image \"foo\" not found", (await Assert.ThrowsAsync<HoistException>(() => Store.ResolveImageAsync("foo"))).Message);
        Assert.Equal("image \"web:2\" not found", (await Assert.ThrowsAsync<HoistException>(() => Store.ResolveImageAsync("web:2"))).Message);
    }

    [Fact]
    public async Task Index_resolves_to_the_requested_platform_else_the_host()
    {
        var amd = await TestImages.WriteAsync(Store, null, ["amd"], platform: Platform.Parse("linux/amd64"));
        var arm = await TestImages.WriteAsync(Store, null, ["arm"], platform: Platform.Parse("linux/arm64/v8"));
        var index = await TestImages.WriteIndexAsync(Store, "multi", (amd, Platform.Parse("linux/amd64")), (arm, Platform.Parse("linux/arm64/v8")));

        var forArm = await Store.ResolveImageAsync("multi", Platform.Parse("linux/arm64"));
        var forHost = await Store.ResolveImageAsync("multi");

        Assert.Equal(arm.Id, forArm.Id);
        Assert.Equal(index.Digest, forArm.Target.Digest);
        Assert.Equal(Platform.Host.Architecture, forHost.Config.Config.Architecture);
    }
}
