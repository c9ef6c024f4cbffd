using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// How the built image is written, from buildx's output options: the compression of the layers the build writes
/// (<c>compression=gzip|zstd|uncompressed</c>, <c>compression-level=N</c>), OCI or Docker media types
/// (<c>oci-mediatypes=</c>) and annotations. As in BuildKit without <c>force-compression</c>, layers that already exist
/// (base images, cache hits) keep the compression they have; with it (<see cref="ForceCompression"/>) every layer of
/// the image is written in <see cref="Compression"/> when the image is exported.
/// </summary>
public sealed record ImageExportFormat
{
    public static ImageExportFormat Default { get; } = new();

    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>gzip 0-9, zstd 1-22 (BuildKit's ranges); null for the compressor's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary><c>force-compression=true</c>: blobs in another compression are compressed again.</summary>
    public bool ForceCompression { get; init; }

    /// <summary>How blobs made at export are written (layers kept as snapshots, forced recompression).</summary>
    public LayerWriteOptions BlobOptions => new() { Compression = Compression, CompressionLevel = CompressionLevel };

    /// <summary>OCI media types (BuildKit's default for its image exporter); false writes Docker's v2 schema 2 types.</summary>
    public bool OciMediaTypes { get; init; } = true;

    public ImageAnnotations Annotations { get; init; } = ImageAnnotations.None;

    public string ManifestMediaType => OciMediaTypes ? MediaTypes.OciManifest : MediaTypes.DockerManifest;

    public string ConfigMediaType => OciMediaTypes ? MediaTypes.OciConfig : MediaTypes.DockerConfig;

    public string IndexMediaType => OciMediaTypes ? MediaTypes.OciIndex : MediaTypes.DockerManifestList;

    /// <summary>A layer descriptor under this format's media types: the same bytes, the gzip type renamed (Docker's
    /// schema defines no other, so uncompressed and zstd layers keep their OCI types, as in BuildKit).</summary>
    public Descriptor Layer(Descriptor layer) => layer with
    {
        MediaType = (OciMediaTypes, layer.MediaType) switch
        {
            (false, MediaTypes.OciLayerGzip) => MediaTypes.DockerLayerGzip,
            (true, MediaTypes.DockerLayerGzip) => MediaTypes.OciLayerGzip,
            _ => layer.MediaType,
        },
    };
}
