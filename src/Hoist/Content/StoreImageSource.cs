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

    /// <summary>
    /// The images <c>hoist save</c> writes for what the user gave, as <c>docker save</c> names them: a repository
    /// without tag or digest means all its tags (<see cref="ImageNames.ExpandRepository"/>); a name is recorded when it
    /// names the image, an image ID or digest records none. An image that is not here is an error naming it.
    /// </summary>
    public async Task<IReadOnlyList<NamedImage>> NamedAsync(IEnumerable<string> given, CancellationToken cancellationToken)
    {
        var images = new List<NamedImage>();
        foreach (var name in given.SelectMany(store.Names.ExpandRepository))
        {
            var image = await store.ResolveImageAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            images.Add(new NamedImage(NameOf(name, image), image));
        }
        return images;
    }

    /// <summary>The name to record: the one the user gave if it names the image; none for an image ID or digest.</summary>
    private static ImageReference? NameOf(string given, ResolvedImage image) =>
        !given.StartsWith("sha256:", StringComparison.Ordinal) && ImageReference.TryParse(given, out var reference, out _)
        && reference.Digest is null && image.References.Contains(reference)
            ? reference
            : null;
}
