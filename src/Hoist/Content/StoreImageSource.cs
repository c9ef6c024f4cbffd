using Hoist.Oci;

namespace Hoist.Content;

/// <summary>The content store as an image source: by name, name@digest, manifest digest or image ID.</summary>
public sealed class StoreImageSource(ContentStore store) : IImageSource
{
    /// <summary>The stored image for <paramref name="platform"/>; one of another platform is not it (the next source, a
    /// registry, may have the right one, as BuildKit pulls then too).</summary>
    public async Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken) =>
        await store.FindImageAsync(reference, platform, cancellationToken).ConfigureAwait(false) is { } local
            && PlatformMatcher.Matches(local.Config.Config.Platform, platform)
            ? local.Image
            : null;
}
