namespace Hoist.Execution;

/// <summary>The user-mode network stacks a sandboxed RUN can use, as rootless podman and buildah do.</summary>
public enum NetworkStackKind
{
    /// <summary>pasta, from the Debian package passt: preferred (faster, no tap copy through a slirp loop).</summary>
    Pasta,

    /// <summary>slirp4netns: the fallback.</summary>
    Slirp4netns,
}
