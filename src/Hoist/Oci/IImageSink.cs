namespace Hoist.Oci;

/// <summary>
/// Where an image goes (go-containerregistry's <c>remote.Write</c>, <c>layout.Write</c>, <c>tarball.Write</c>): a sink
/// is made for one destination and its names, and an export is source → sink: <c>sink.WriteAsync(image)</c>.
/// </summary>
public interface IImageSink
{
    /// <summary>The destination in BuildKit's exporter words, shown as the export's step (e.g. <c>exporting to oci image format</c>).</summary>
    string Title { get; }

    Task<ImageExport> WriteAsync(Image image, CancellationToken cancellationToken);
}
