namespace Hoist.Execution;

/// <summary>
/// runtime-spec config.md "Mounts" entry. Also how callers add mounts to a RUN (bind or tmpfs for RUN --mount):
/// a bind mount has <c>Type = "bind"</c>, the host path as <see cref="Source"/> and options such as <c>rbind</c>, <c>ro</c>.
/// </summary>
public sealed record RuntimeMount(string Destination, string Type, string Source, IReadOnlyList<string> Options);
