namespace Hoist.Formats;

/// <summary>The exporters of <c>hoist build -o type=…</c>, as docker buildx names them.</summary>
public enum BuildOutputType
{
    /// <summary>The image in the store (<c>type=image</c>; <c>type=registry</c> is this with push).</summary>
    Image,

    /// <summary>The target stage's filesystem written to a directory.</summary>
    Local,

    /// <summary>The target stage's filesystem as one tar.</summary>
    Tar,

    /// <summary>An OCI image layout, tar or directory.</summary>
    Oci,

    /// <summary>A docker-archive tar (docker save / docker load), also a valid OCI layout.</summary>
    Docker,
}
