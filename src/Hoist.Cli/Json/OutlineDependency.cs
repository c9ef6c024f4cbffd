namespace Hoist.Cli.Json;

/// <summary>A stage needed by another; <see cref="Reason"/> is <c>FROM</c>, <c>COPY --from</c> or <c>RUN --mount from</c>.</summary>
public sealed record OutlineDependency(string Stage, int Index, string Reason, int Line);
