using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Formats;

/// <summary>
/// Writes a multi-platform build's image index to a file-based <see cref="BuildOutput"/> (a single image goes through
/// <see cref="BuildOutputSinks"/>): local and tar outputs hold one directory per platform (<c>linux_amd64/</c>,
/// <c>linux_arm64/</c>), as buildx's platform-split writes them; oci and docker archives hold the index. Files are
/// written beside their destination and renamed into place.
/// </summary>
public static class IndexOutputWriter
{
    /// <summary>
    /// Exports <paramref name="image"/> (an index in the store) to <paramref name="output"/>; oci and docker archives
    /// record <paramref name="names"/>. <paramref name="openStandardOutput"/> is used for <c>dest=-</c>. Returns how many
    /// device nodes a local or tar output left out (see <see cref="RootfsExporter"/>).
    /// </summary>
    public static async Task<int> WriteAsync(ContentStore store, LocalImage image, BuildOutput output, IReadOnlyList<ImageReference> names,
        Func<Stream> openStandardOutput, CancellationToken cancellationToken = default)
    {
        switch (output.Type)
        {
            case BuildOutputType.Image:
                return 0;
            case BuildOutputType.Local:
                var left = 0;
                foreach (var (directory, platformImage) in await EachPlatformAsync(store, image, cancellationToken).ConfigureAwait(false))
                {
                    left += await RootfsExporter.ExportToDirectoryAsync(store, platformImage.Image, Path.Combine(output.Destination!, directory),
                        cancellationToken).ConfigureAwait(false);
                }
                return left;
            case BuildOutputType.Oci or BuildOutputType.Docker when !output.Tar:
                await ImageSaver.SaveImageToDirectoryAsync(store, image, names, output.Destination!, FormatOf(output), cancellationToken)
                    .ConfigureAwait(false);
                return 0;
        }
        var skipped = 0;
        var parts = (await EachPlatformAsync(store, image, cancellationToken).ConfigureAwait(false)).Select(p => (p.Directory, p.Image.Image)).ToList();
        Func<Stream, Task> write = output.Type == BuildOutputType.Tar
            ? async stream => skipped = await RootfsExporter.ExportToTarAsync(store, parts, stream, cancellationToken).ConfigureAwait(false)
            : stream => ImageSaver.SaveImageAsync(store, image, names, stream, FormatOf(output), cancellationToken);
        await new OutputFile(output, openStandardOutput).WriteAsync(write, cancellationToken).ConfigureAwait(false);
        return skipped;
    }

    /// <summary>An index's images with the directory buildx's <c>platform-split</c> gives each (<c>linux_arm64</c>).</summary>
    private static async Task<IReadOnlyList<(string Directory, LocalImage Image)>> EachPlatformAsync(ContentStore store, LocalImage index,
        CancellationToken cancellationToken)
    {
        var parts = new List<(string, LocalImage)>();
        foreach (var entry in ((StoredIndex)index.Target).Index.Manifests.Where(d => d.Platform is not null && MediaTypes.IsManifest(d.MediaType)))
        {
            var image = await store.LoadImageAsync(index.Target.Digest, entry.Platform, cancellationToken).ConfigureAwait(false);
            parts.Add((entry.Platform!.DirectoryName, image));
        }
        return parts;
    }

    private static ImageArchiveFormat FormatOf(BuildOutput output) =>
        output.Type == BuildOutputType.Docker ? ImageArchiveFormat.Docker : ImageArchiveFormat.Oci;
}
