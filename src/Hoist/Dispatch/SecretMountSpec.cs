namespace Hoist.Dispatch;

/// <summary><c>type=secret</c>: the build's secret <see cref="Id"/> as a file at <see cref="Target"/> and/or the
/// environment variable <see cref="Env"/>; skipped when not given unless <see cref="Required"/>.</summary>
public sealed record SecretMountSpec : MountSpec
{
    public string? Id { get; init; }

    public string? Target { get; init; }

    public string? Env { get; init; }

    public bool Required { get; init; }

    public required int Mode { get; init; }

    public int Uid { get; init; }

    public int Gid { get; init; }
}
