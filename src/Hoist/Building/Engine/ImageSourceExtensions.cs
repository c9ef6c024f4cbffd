using Hoist.Oci;

namespace Hoist.Building.Engine;

internal static class ImageSourceExtensions
{
    /// <summary>The image a FROM or <c>--from</c> names, or a one-line error saying how to get it.</summary>
    public static async Task<Image> ResolveAsync(this IImageSource source, string reference, Platform platform, CancellationToken cancellationToken) =>
        await source.FindAsync(reference, platform, cancellationToken).ConfigureAwait(false)
            ?? throw new HoistException($"image \"{reference}\" not found in the store (pull it first: hoist pull {reference})");
}
