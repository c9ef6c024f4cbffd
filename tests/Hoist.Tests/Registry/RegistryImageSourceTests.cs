using Hoist.Oci;
using Hoist.Registry;
using Hoist.Tests.Content;
using Hoist.Tests.Formats;

namespace Hoist.Tests.Registry;

/// <summary>A FROM image the store lacks comes from the registry as the image the puller built: no name or digest
/// looked up again, and "not a registry name" is "not found here", not an exception.</summary>
public sealed class RegistryImageSourceTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private sealed class FakePuller(Func<ImageReference, Platform?, ImagePull> pull) : IImagePuller
    {
        public List<(ImageReference Reference, Platform? Platform)> Calls { get; } = [];

        public Task<ImagePull> PullAsync(ImageReference reference, Platform? platform, IProgress<TransferProgress>? progress,
            CancellationToken cancellationToken)
        {
            Calls.Add((reference, platform));
            return Task.FromResult(pull(reference, platform));
        }
    }

    [Fact]
    public async Task The_pulled_image_is_returned_as_the_puller_built_it()
    {
        var local = await _store.Store.LoadImageAsync((await FormatTestImages.ImportAsync(_store.Store, "base:1")).Target);
        var pulled = new ImagePull(local with { References = [ImageReference.Parse("registry.test/base:1")] }, BlobsDownloaded: 1);
        var puller = new FakePuller((_, _) => pulled);
        var arm = Platform.Parse("linux/arm64");

        var image = await new RegistryImageSource(puller).FindAsync("registry.test/base:1", arm, CancellationToken.None);

        Assert.Same(pulled.Image.Image, image);
        Assert.Equal([(ImageReference.Parse("registry.test/base:1"), (Platform?)arm)], puller.Calls);
    }

    [Fact]
    public async Task A_reference_that_is_no_registry_name_is_not_found_without_asking()
    {
        var puller = new FakePuller((_, _) => throw new InvalidOperationException("not called"));

        Assert.Null(await new RegistryImageSource(puller).FindAsync("Not A Name", Platform.Host, CancellationToken.None));
        Assert.Empty(puller.Calls);
    }

    [Fact]
    public async Task A_failed_pull_says_the_image_is_neither_stored_nor_pullable()
    {
        var puller = new FakePuller((_, _) => throw new HoistException("registry.test: unauthorized"));

        var error = await Assert.ThrowsAsync<HoistException>(() => new RegistryImageSource(puller).FindAsync("registry.test/base:1", Platform.Host, CancellationToken.None));

        Assert.Equal("image \"registry.test/base:1\" is not in the store and could not be pulled: registry.test: unauthorized", error.Message);
    }
}
