using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>BuildKit's oci and docker exporters: the image (an index whole) as an OCI layout or docker archive, a tar
/// (file or standard output) or a directory (<c>tar=false</c>), recording <paramref name="names"/>, which need not be
/// names in the store, its <c>index.json</c> entries starting from <paramref name="described"/> (the build's descriptor of
/// the image); an <see cref="ArchiveSink"/> made for the output's destination.</summary>
internal sealed class ImageLayoutSink(ContentStore store, BuildOutput output, IReadOnlyList<ImageReference> names, Func<Stream> openStandardOutput,
    Descriptor? described) : IImageSink
{
    private ImageArchiveFormat Format => output.Type == BuildOutputType.Docker ? ImageArchiveFormat.Docker : ImageArchiveFormat.Oci;

    public string Title => output.Type == BuildOutputType.Docker ? "exporting to docker image format" : "exporting to oci image format";

    public async Task<ImageExport> WriteAsync(ResolvedImage image, CancellationToken cancellationToken)
    {
        if (!output.Tar)
        {
            await ArchiveSink.ToDirectory(store, output.Destination!, Format, names, described).WriteAsync(image, cancellationToken).ConfigureAwait(false);
            return new ImageExport($"writing layout to {output.Destination}");
        }
        var file = new OutputFile(output, openStandardOutput);
        await file.WriteAsync(stream => ArchiveSink.ToTar(store, stream, Format, names, described).WriteAsync(image, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        return new ImageExport($"sending tarball to {file.Where}");
    }
}
