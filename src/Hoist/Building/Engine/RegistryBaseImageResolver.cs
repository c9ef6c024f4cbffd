using Hoist.Content;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.Building.Engine;

/// <summary>
/// FROM and COPY --from images missing from the store are pulled from their registry (mirrors first), as docker build
/// does; the build then reads them from the store like any other image.
/// </summary>
public sealed class RegistryBaseImageResolver(IImagePuller puller) : IBaseImageResolver
{
    public async Task<LocalImage?> ResolveAsync(string reference, Platform platform, ContentStore store, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(reference, out var parsed, out _)) return null;
        PulledImage pulled;
        try
        {
            pulled = await puller.PullAsync(parsed, platform, progress: null, cancellationToken);
        }
        catch (HoistException e)
        {
            throw new HoistException($"image \"{reference}\" is not in the store and could not be pulled: {e.Message}", e);
        }
        return await store.ResolveImageAsync(pulled.Manifest.Digest.ToString(), platform, cancellationToken);
    }
}
