using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>Names and annotations of the OCI image layout (image-spec image-layout.md and annotations.md).</summary>
public static class OciLayout
{
    public const string LayoutFile = "oci-layout";
    public const string IndexFile = "index.json";
    public const string BlobsDirectory = "blobs";

    /// <summary>The tag (or full reference) a layout's index entry is known by, as <c>oci:DIR:ref</c> selects it.</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>The full reference containerd, BuildKit and docker save write beside the ref name.</summary>
    public const string ContainerdImageNameAnnotation = "io.containerd.image.name";

    /// <summary>The <c>oci-layout</c> file: version 1.0.0, the only one the spec defines.</summary>
    public static byte[] LayoutFileBytes => """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray();

    public static string BlobPath(Digest digest) => $"{BlobsDirectory}/{digest.Algorithm}/{digest.Hex}";

    /// <summary>The digest a <c>blobs/ALG/HEX</c> path names, if it names one.</summary>
    public static Digest? DigestOfBlobPath(string path)
    {
        var parts = path.Split('/');
        return parts.Length == 3 && parts[0] == BlobsDirectory && Digest.TryParse($"{parts[1]}:{parts[2]}", out var digest) ? digest : null;
    }
}
