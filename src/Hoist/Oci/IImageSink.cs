namespace Hoist.Oci;

/// <summary>
/// Where an image goes (go-containerregistry's <c>remote.Write</c>, <c>layout.Write</c>, <c>tarball.Write</c>): a sink
/// is made for one destination and its names, and an export is source → sink: <c>sink.WriteAsync(image)</c>. The
/// sink writes what the image's reference points at: one platform's manifest, or an index with every platform image it
/// holds (a registry gets each manifest then the index, an archive every blob below the index, a filesystem export
/// one directory per platform). Several images under their own names go to an archive in one call
/// (<c>ArchiveSink.WriteAsync(IReadOnlyList&lt;NamedImage&gt;)</c>, as <c>tarball.MultiRefWrite</c>).
/// </summary>
public interface IImageSink
{
    /// <summary>The destination in BuildKit's exporter words, shown as the export's step (e.g. <c>exporting to oci image format</c>).</summary>
    string Title { get; }

    Task<ImageExport> WriteAsync(ResolvedImage image, CancellationToken cancellationToken);

    /// <summary>A built platform image, known by no name where it came from.</summary>
    Task<ImageExport> WriteAsync(Image image, CancellationToken cancellationToken) => WriteAsync(ResolvedImage.Of(image), cancellationToken);
}
