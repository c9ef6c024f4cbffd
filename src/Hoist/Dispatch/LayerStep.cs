using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>A step that writes a layer (RUN, COPY, ADD, WORKDIR); BuildKit numbers only these in its progress.</summary>
public abstract record LayerStep : DispatchStep
{
    /// <summary>The step's cache key on top of the filesystem key <paramref name="filesystem"/>, computed without
    /// running anything; null when the step cannot be keyed (it then always runs).</summary>
    public abstract Task<Digest?> KeyAsync(Digest filesystem, IStepKeyInputs inputs, CancellationToken cancellationToken);
}
