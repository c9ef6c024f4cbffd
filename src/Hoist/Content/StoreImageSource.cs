using Hoist.Oci;

namespace Hoist.Content;

/// <summary>The content store as an image source: by name, name@digest, manifest digest or image ID.</summary>
public sealed class StoreImageSource(ContentStore store) : IImageSource
{
    public async Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken) =>
        (await store.FindImageAsync(reference, platform, cancellationToken).ConfigureAwait(false))?.Image;
}
