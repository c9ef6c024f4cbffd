namespace Hoist.Formats;

/// <summary>How <see cref="ArchiveSink"/> lays images out.</summary>
public enum ImageArchiveFormat
{
    /// <summary>
    /// What <c>docker save</c> (25 and later) writes: an OCI image layout plus <c>manifest.json</c> and
    /// <c>repositories</c>, so that both <c>docker load</c> and OCI tools read it.
    /// </summary>
    Docker,

    /// <summary>A plain OCI image layout (image-spec image-layout.md).</summary>
    Oci,
}
