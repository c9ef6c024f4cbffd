using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>BuildKit's oci and docker exporters: the image as an OCI layout or docker archive, a tar (file or standard
/// output) or a directory (<c>tar=false</c>), recording <paramref name="names"/>, which need not be names in the store.</summary>
internal sealed class ImageLayoutSink(ContentStore store, BuildOutput output, IReadOnlyList<ImageReference> names, Func<Stream> openStandardOutput)
    : IImageSink
{
    private ImageArchiveFormat Format => output.Type == BuildOutputType.Docker ? ImageArchiveFormat.Docker : ImageArchiveFormat.Oci;

    public string Title => output.Type == BuildOutputType.Docker ? "exporting to docker image format" : "exporting to oci image format";

    public async Task<ImageExport> WriteAsync(Image image, CancellationToken cancellationToken)
    {
        // The saver copies the blobs and documents as stored, exact bytes: the store's view of the same manifest.
        var stored = await store.LoadImageAsync(image.ManifestDigest, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!output.Tar)
        {
            await ImageSaver.SaveImageToDirectoryAsync(store, stored, names, output.Destination!, Format, cancellationToken).ConfigureAwait(false);
            return new ImageExport($"writing layout to {output.Destination}");
        }
        var file = new OutputFile(output, openStandardOutput);
        await file.WriteAsync(stream => ImageSaver.SaveImageAsync(store, stored, names, stream, Format, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        return new ImageExport($"sending tarball to {file.Where}");
    }
}
