using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>The purl BuildKit names images by in attestations: <c>pkg:docker/docker.io/library/busybox@latest?platform=linux%2Famd64</c>.</summary>
public static class DockerPackageUrl
{
    public static string For(ImageReference reference, Platform platform) =>
        $"pkg:docker/{reference.Registry}/{reference.Repository}@{reference.Tag ?? reference.Digest?.ToString() ?? ImageReference.DefaultTag}"
        + $"?platform={Uri.EscapeDataString(platform.ToString())}";
}
