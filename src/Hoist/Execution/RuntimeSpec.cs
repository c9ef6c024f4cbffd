namespace Hoist.Execution;

/// <summary>
/// The OCI runtime spec's config.json (runtime-spec config.md), only the parts a RUN needs. Serialised with
/// <see cref="RuntimeSpecJsonContext"/>.
/// </summary>
public sealed record RuntimeSpec
{
    public string OciVersion { get; init; } = "1.0.2";

    public required RuntimeProcess Process { get; init; }

    public required RuntimeRoot Root { get; init; }

    public string? Hostname { get; init; }

    public IReadOnlyList<RuntimeMount> Mounts { get; init; } = [];

    public required RuntimeLinux Linux { get; init; }
}
