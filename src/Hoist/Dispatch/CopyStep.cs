using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>COPY or ADD with its words expanded and its source bound.</summary>
public sealed record CopyStep : LayerStep
{
    public required CopyRequest Request { get; init; }

    public required SourceRef Source { get; init; }

    /// <summary>
    /// Without touching the destination: from the context, the content of the selected files; from a stage, that
    /// stage's filesystem key (so a cached stage is never unpacked); from an image, its manifest digest.
    /// </summary>
    public override async Task<Digest?> KeyAsync(Digest filesystem, IStepKeyInputs inputs, CancellationToken cancellationToken)
    {
        if (Source is ContextRef context)
        {
            var content = await inputs.ContextContentAsync(context, Request, cancellationToken).ConfigureAwait(false);
            return content is null ? null : StepKeys.Copy(filesystem, Request, context.IsBuildContext ? "context" : "context " + context.Name, content);
        }
        return StepKeys.Copy(filesystem, Request, await inputs.IdentityAsync(Source, cancellationToken).ConfigureAwait(false), null);
    }
}
