using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Registry;

/// <summary><c>--push</c>: the image, already in <paramref name="store"/>, pushed to <paramref name="destination"/>
/// (blobs the registry lacks, then the manifest) without looking it up again by name.</summary>
public sealed class RegistrySink(ContentStore store, RegistryClient client, ImageReference destination, IProgress<TransferProgress>? progress)
    : IImageSink
{
    public string Title => $"pushing {destination.Familiar}";

    public async Task<ImageExport> WriteAsync(Image image, CancellationToken cancellationToken)
    {
        var stored = await store.LoadImageAsync(image.ManifestDigest, cancellationToken: cancellationToken).ConfigureAwait(false);
        var pushed = await new ImagePusher(store, client).PushAsync(stored, destination, progress, cancellationToken).ConfigureAwait(false);
        return new ImageExport($"pushing manifest for {destination}@{pushed.Target.Digest}");
    }
}
