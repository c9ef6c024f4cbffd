namespace Hoist.Dispatch;

/// <summary>
/// Where a COPY or a RUN mount reads from, bound once by the dispatcher: the build context, a stage of this build (by
/// index, as planning resolved it) or an image. The engine never looks a name up again.
/// </summary>
public abstract record SourceRef
{
    /// <summary>The reference as the Dockerfile wrote it (error messages, <c>COPY --from</c> source names).</summary>
    public abstract string Text { get; }
}
