namespace Hoist.Dispatch;

/// <summary>
/// Everything a RUN's result depends on besides the filesystem it starts from: the command after the shell is
/// applied, heredoc files, the environment the process sees (image env, the build args in scope, proxy variables),
/// working directory, user, network and security mode.
/// </summary>
public sealed record RunKeyInputs
{
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>Heredoc files written into the container: path, mode and content.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    public required IReadOnlyList<string> Environment { get; init; }

    public required string WorkingDirectory { get; init; }

    public string? User { get; init; }

    public required string Network { get; init; }

    public string? Security { get; init; }

    /// <summary><c>--add-host</c>, <c>--ulimit</c>, <c>--shm-size</c>, <c>--cgroup-parent</c> (BuildKit's ExecOp metadata);
    /// empty, and then left out of the key, when none is given.</summary>
    public string Sandbox { get; init; } = "";

    /// <summary>
    /// One string per <c>RUN --mount</c>: its options followed by the key of what it exposes — for a <c>from=</c> bind
    /// (or seeded cache) mount that stage's key or image digest, for a context bind mount a content digest of the
    /// selected files. Cache mount contents and secret values never count (as in BuildKit: a secret change does not
    /// invalidate, a cache mount is shared mutable state), only their ids and targets do.
    /// </summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];
}
