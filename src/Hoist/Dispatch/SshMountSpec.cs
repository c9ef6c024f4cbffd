namespace Hoist.Dispatch;

/// <summary><c>type=ssh</c>: the build's ssh agent <see cref="Id"/> as a socket at <see cref="Target"/>; skipped when
/// not given unless <see cref="Required"/>.</summary>
public sealed record SshMountSpec : MountSpec
{
    public string? Id { get; init; }

    public required string Target { get; init; }

    public bool Required { get; init; }
}
