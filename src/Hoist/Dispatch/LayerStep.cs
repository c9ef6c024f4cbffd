using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>A step that writes a layer (RUN, COPY, ADD, WORKDIR); BuildKit numbers only these in its progress.</summary>
public abstract record LayerStep : DispatchStep
{
    /// <summary>
    /// Set on the files a FROM of a directory or git context starts from: the step is shown as BuildKit shows that source
    /// (<c>[context NAME] load from client</c>), outside the stage's numbering, and its history entry is the one BuildKit's
    /// exporter writes for a layer the Dockerfile gave none (comment <c>buildkit.exporter.image.v0</c>).
    /// </summary>
    public string? SourceTitle { get; init; }

    /// <summary>The step's cache key on top of the filesystem key <paramref name="filesystem"/>, computed without
    /// running anything; null when the step cannot be keyed (it then always runs).</summary>
    public abstract Task<Digest?> KeyAsync(Digest filesystem, IStepKeyInputs inputs, CancellationToken cancellationToken);
}
