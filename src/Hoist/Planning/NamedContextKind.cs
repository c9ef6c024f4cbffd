namespace Hoist.Planning;

/// <summary>What a <c>--build-context</c> gives the Dockerfile.</summary>
public enum NamedContextKind
{
    /// <summary>A local directory: read by <c>COPY --from=NAME</c> and <c>RUN --mount=from=NAME</c> as the build context is.</summary>
    Directory,

    /// <summary>An image (<c>docker-image://REF</c> or <c>oci-layout://PATH</c>): used wherever the name is, as a FROM base
    /// or a <c>--from</c> source.</summary>
    Image,
}
