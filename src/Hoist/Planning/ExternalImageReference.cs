namespace Hoist.Planning;

/// <summary>An image named by <c>COPY --from</c> or <c>RUN --mount from=</c> that is not a stage of this Dockerfile.</summary>
public sealed record ExternalImageReference(string Reference, DependencyReason Reason, int Line);
