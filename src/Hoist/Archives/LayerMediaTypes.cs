namespace Hoist.Archives;

/// <summary>Layer media types (OCI image-spec layer.md; Docker image manifest v2 schema 2).</summary>
public static class LayerMediaTypes
{
    public const string OciTar = "application/vnd.oci.image.layer.v1.tar";
    public const string OciTarGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciTarZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string DockerTarGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>
    /// The media type for a compression. Docker manifests only define a gzip layer type, so uncompressed and zstd
    /// layers use the OCI types in either case (as BuildKit does).
    /// </summary>
    public static string For(LayerCompression compression, bool docker = false) => compression switch
    {
        LayerCompression.Gzip => docker ? DockerTarGzip : OciTarGzip,
        LayerCompression.Zstd => OciTarZstd,
        LayerCompression.None => OciTar,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    /// <summary>The compression a layer media type declares; null for a type that is not a layer.</summary>
    public static LayerCompression? CompressionOf(string mediaType) => mediaType switch
    {
        OciTar or "application/vnd.docker.image.rootfs.diff.tar" => LayerCompression.None,
        OciTarGzip or DockerTarGzip or "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" => LayerCompression.Gzip,
        OciTarZstd => LayerCompression.Zstd,
        _ => null,
    };
}
