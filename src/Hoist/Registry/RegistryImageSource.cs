using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// A registry as an image source: pulls the image (mirrors first) into the puller's store, as docker build does for a
/// FROM image it lacks, and returns the image it pulled. A reference that is not a registry name is not found here.
/// </summary>
public sealed class RegistryImageSource(IImagePuller puller, PullLog? log = null) : IImageSource
{
    public async Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(reference, out var parsed, out _)) return null;
        try
        {
            var recording = log?.Start(reference, platform);
            var pulled = await puller.PullAsync(parsed, platform, recording, cancellationToken).ConfigureAwait(false);
            recording?.End(parsed, pulled.Image);
            return pulled.Image.Image;
        }
        catch (HoistException e)
        {
            throw new HoistException($"image \"{reference}\" is not in the store and could not be pulled: {e.Message}", e);
        }
    }
}
