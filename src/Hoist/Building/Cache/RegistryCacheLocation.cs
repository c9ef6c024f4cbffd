using System.Net;
using Hoist.Oci;
using Hoist.Registry;

namespace Hoist.Building.Cache;

/// <summary>A cache kept as a manifest under a tag in a registry repository (<c>type=registry,ref=…</c>).</summary>
public sealed class RegistryCacheLocation(RegistryClient client, ImageReference reference) : ICacheLocation
{
    public string Name => reference.ToString();

    public async Task PutBlobAsync(Descriptor blob, Func<Stream> open, CancellationToken cancellationToken) =>
        await client.UploadBlobAsync(reference, blob.Digest, blob.Size, open, null, cancellationToken).ConfigureAwait(false);

    public async Task GetBlobAsync(Descriptor blob, Stream destination, CancellationToken cancellationToken) =>
        await client.DownloadBlobAsync(reference, blob.Digest, blob.Size, destination, 0, cancellationToken).ConfigureAwait(false);

    public async Task<ImageManifest?> GetManifestAsync(CancellationToken cancellationToken)
    {
        RegistryManifest fetched;
        try
        {
            fetched = await client.GetManifestAsync(reference, [MediaTypes.OciManifest], cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (fetched.IsIndex) throw new HoistException($"{reference} is not a hoist build cache (media type {fetched.MediaType})");
        return ImageManifest.Parse(fetched.Bytes);
    }

    public async Task PutManifestAsync(byte[] manifest, CancellationToken cancellationToken) =>
        await client.PutManifestAsync(reference, manifest, MediaTypes.OciManifest, cancellationToken).ConfigureAwait(false);
}
