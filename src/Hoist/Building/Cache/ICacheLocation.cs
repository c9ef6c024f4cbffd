using Hoist.Oci;

namespace Hoist.Building.Cache;

/// <summary>
/// Where an exported build cache is kept: one manifest (the cache config and the blobs it points at) and
/// content-addressed blobs, so a blob the location already holds is never sent again.
/// </summary>
public interface ICacheLocation
{
    /// <summary>The location as the user named it, for messages.</summary>
    string Name { get; }

    /// <summary>Makes sure the location holds <paramref name="blob"/>; <paramref name="open"/> is only called when it does not.</summary>
    Task PutBlobAsync(Descriptor blob, Func<Stream> open, CancellationToken cancellationToken);

    /// <summary>Copies <paramref name="blob"/> into <paramref name="destination"/>, checked against its digest and size.</summary>
    Task GetBlobAsync(Descriptor blob, Stream destination, CancellationToken cancellationToken);

    /// <summary>The cache manifest, or null when the location holds none.</summary>
    Task<ImageManifest?> GetManifestAsync(CancellationToken cancellationToken);

    /// <summary>Publishes <paramref name="manifest"/> (its blobs are there already) as the location's cache.</summary>
    Task PutManifestAsync(byte[] manifest, CancellationToken cancellationToken);
}
