using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// A registry as an image source: pulls the image (mirrors first) into <paramref name="store"/>, as docker build does
/// for a FROM image it lacks, and returns what it pulled. A reference that is not a registry name is not found here.
/// </summary>
public sealed class RegistryImageSource(IImagePuller puller, ContentStore store) : IImageSource
{
    public async Task<Image?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(reference, out var parsed, out _)) return null;
        PulledImage pulled;
        try
        {
            pulled = await puller.PullAsync(parsed, platform, progress: null, cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException e)
        {
            throw new HoistException($"image \"{reference}\" is not in the store and could not be pulled: {e.Message}", e);
        }
        var config = await store.ReadConfigAsync(pulled.Config.Digest, cancellationToken).ConfigureAwait(false);
        return Image.Create(pulled.Manifest.Digest, config.Digest, pulled.Layers, config.Config);
    }
}
