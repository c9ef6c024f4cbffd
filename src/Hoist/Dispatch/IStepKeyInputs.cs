using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>
/// What a step's key reads besides the step itself, none of it produced by running anything: the content of the
/// context files a request selects, and the identity of another stage or image.
/// </summary>
public interface IStepKeyInputs
{
    /// <summary>The digest of the files <paramref name="request"/> selects in <paramref name="context"/> (the build context
    /// or a named directory context); null when they cannot be keyed (the step then always runs).</summary>
    Task<Digest?> ContextContentAsync(ContextRef context, CopyRequest request, CancellationToken cancellationToken);

    /// <summary>A stage's filesystem key (<c>stage sha256:…</c>, waiting for the stage if it must) or an image's manifest
    /// digest (<c>image sha256:…</c>).</summary>
    Task<string> IdentityAsync(SourceRef source, CancellationToken cancellationToken);
}
