namespace Hoist.Planning;

/// <summary>What a <c>--build-context</c> gives the Dockerfile.</summary>
public enum NamedContextKind
{
    /// <summary>A local directory: read by <c>COPY --from=NAME</c> and <c>RUN --mount=from=NAME</c> as the build context is.</summary>
    Directory,

    /// <summary>An image (<c>docker-image://REF</c> or <c>oci-layout://PATH</c>): used wherever the name is, as a FROM base
    /// or a <c>--from</c> source.</summary>
    Image,

    /// <summary>A git repository (<c>git://</c>, <c>http(s)://…/repo.git</c>, with <c>#ref:subdir</c> or
    /// <c>?ref=&amp;subdir=</c>): its checkout read by <c>COPY --from=NAME</c> and <c>RUN --mount=from=NAME</c>, keyed by
    /// the commit the ref resolves to.</summary>
    Git,
}
