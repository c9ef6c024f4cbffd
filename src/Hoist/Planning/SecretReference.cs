namespace Hoist.Planning;

/// <summary>A secret a RUN mounts (<c>--mount=type=secret</c>), by the id the build must supply.</summary>
public sealed record SecretReference(string Id, bool Required, int Line);
