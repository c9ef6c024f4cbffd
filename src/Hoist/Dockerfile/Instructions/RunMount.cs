namespace Hoist.Dockerfile.Instructions;

/// <summary>
/// One <c>RUN --mount=…</c>, with BuildKit's keys and defaults
/// (https://docs.docker.com/reference/dockerfile/#run---mount). Values are as written; the build expands them.
/// </summary>
public sealed record RunMount
{
    public required MountType Type { get; init; }

    /// <summary>target / dst / destination. For secret and ssh it may be null (a default path applies).</summary>
    public string? Target { get; init; }

    /// <summary>source / src.</summary>
    public string? Source { get; init; }

    /// <summary>from: a stage name, index or image.</summary>
    public string? From { get; init; }

    /// <summary>rw / readwrite (bind mounts default to read-only, cache mounts to read-write).</summary>
    public bool ReadWrite { get; init; }

    public string? Id { get; init; }

    public CacheSharing Sharing { get; init; } = CacheSharing.Shared;

    /// <summary>File mode as written in octal, e.g. <c>0755</c>.</summary>
    public string? Mode { get; init; }

    public long? Uid { get; init; }

    public long? Gid { get; init; }

    /// <summary>required for secret and ssh mounts.</summary>
    public bool Required { get; init; }

    /// <summary>tmpfs size in bytes.</summary>
    public long? Size { get; init; }

    /// <summary>secret env=NAME: expose the secret as an environment variable.</summary>
    public string? Env { get; init; }

    /// <summary>The flag's value as written.</summary>
    public required string Raw { get; init; }
}
