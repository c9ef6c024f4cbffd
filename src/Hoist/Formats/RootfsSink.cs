using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>BuildKit's local and tar exporters: the image's filesystem (its layers applied, whiteouts honoured) into a
/// directory (<c>type=local</c>) or as one tar (<c>type=tar</c>); device nodes are left out and counted.</summary>
internal sealed class RootfsSink(ContentStore store, BuildOutput output, Func<Stream> openStandardOutput) : IImageSink
{
    public string Title => output.Type == BuildOutputType.Local ? "exporting to client directory" : "exporting to client tarball";

    public async Task<ImageExport> WriteAsync(Image image, CancellationToken cancellationToken)
    {
        if (output.Type == BuildOutputType.Local)
        {
            var skipped = await RootfsExporter.ExportToDirectoryAsync(store, image, output.Destination!, cancellationToken).ConfigureAwait(false);
            return new ImageExport($"copying files to {output.Destination}") { DeviceNodesLeftOut = skipped };
        }
        var file = new OutputFile(output, openStandardOutput);
        var leftOut = 0;
        await file.WriteAsync(async stream => leftOut = await RootfsExporter.ExportToTarAsync(store, image, stream, cancellationToken)
            .ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return new ImageExport($"sending tarball to {file.Where}") { DeviceNodesLeftOut = leftOut };
    }
}
