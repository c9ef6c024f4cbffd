using Hoist.Oci;

namespace Hoist.Dispatch;

/// <summary>An image named by <c>COPY --from</c> or <c>RUN --mount=from=</c>, for the stage's platform.</summary>
public sealed record ImageRef(string Reference, Platform Platform) : SourceRef
{
    public override string Text => Reference;
}
