namespace Hoist.Registry;

/// <summary>
/// The manifest media types the registry client speaks. Kept here, internal, until the shared OCI media-type
/// constants land; then this file is the one place to swap.
/// </summary>
internal static class RegistryMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>What docker sends by default when it resolves a reference: every single-image and index type.</summary>
    public static readonly IReadOnlyList<string> AllManifests = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;
}
