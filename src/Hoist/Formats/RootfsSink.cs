using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>BuildKit's local and tar exporters: the image's filesystem (its layers applied, whiteouts honoured) into a
/// directory (<c>type=local</c>) or as one tar (<c>type=tar</c>); device nodes are left out and counted. An index gives
/// one directory per platform (<c>linux_amd64/</c>, <c>linux_arm64/</c>), as buildx's platform-split writes them.</summary>
internal sealed class RootfsSink(ContentStore store, BuildOutput output, Func<Stream> openStandardOutput) : IImageSink
{
    public string Title => output.Type == BuildOutputType.Local ? "exporting to client directory" : "exporting to client tarball";

    public async Task<ImageExport> WriteAsync(ResolvedImage image, CancellationToken cancellationToken)
    {
        if (image.Target is StoredIndex index) return await WriteIndexAsync(index, cancellationToken).ConfigureAwait(false);
        if (output.Type == BuildOutputType.Local)
        {
            var skipped = await RootfsExporter.ExportToDirectoryAsync(store, image.Image, output.Destination!, cancellationToken).ConfigureAwait(false);
            return new ImageExport($"copying files to {output.Destination}") { DeviceNodesLeftOut = skipped };
        }
        return await WriteTarAsync(stream => RootfsExporter.ExportToTarAsync(store, image.Image, stream, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<ImageExport> WriteIndexAsync(StoredIndex index, CancellationToken cancellationToken)
    {
        var parts = await EachPlatformAsync(index, cancellationToken).ConfigureAwait(false);
        if (output.Type == BuildOutputType.Tar)
        {
            return await WriteTarAsync(stream => RootfsExporter.ExportToTarAsync(store, parts, stream, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        var left = 0;
        foreach (var (directory, image) in parts)
        {
            left += await RootfsExporter.ExportToDirectoryAsync(store, image, Path.Combine(output.Destination!, directory), cancellationToken)
                .ConfigureAwait(false);
        }
        return new ImageExport($"copying files to {output.Destination}") { DeviceNodesLeftOut = left };
    }

    private async Task<ImageExport> WriteTarAsync(Func<Stream, Task<int>> export, CancellationToken cancellationToken)
    {
        var file = new OutputFile(output, openStandardOutput);
        var leftOut = 0;
        await file.WriteAsync(async stream => leftOut = await export(stream).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return new ImageExport($"sending tarball to {file.Where}") { DeviceNodesLeftOut = leftOut };
    }

    /// <summary>An index's images with the directory buildx's <c>platform-split</c> gives each (<c>linux_arm64</c>).</summary>
    private async Task<IReadOnlyList<(string Directory, Image Image)>> EachPlatformAsync(StoredIndex index, CancellationToken cancellationToken)
    {
        var parts = new List<(string, Image)>();
        foreach (var entry in index.Index.Manifests.Where(d => d.Platform is not null && MediaTypes.IsManifest(d.MediaType)))
        {
            var image = await store.LoadImageAsync(index.Digest, entry.Platform, cancellationToken).ConfigureAwait(false);
            parts.Add((entry.Platform!.DirectoryName, image.Image));
        }
        return parts;
    }
}
