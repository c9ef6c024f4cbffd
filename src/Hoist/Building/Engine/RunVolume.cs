namespace Hoist.Building.Engine;

/// <summary>
/// One <c>hoist run -v</c>, as docker reads it: a host path bound in (<see cref="HostPath"/>), a named volume
/// (<see cref="VolumeName"/>, created on first use and seeded from the image unless <see cref="CopyUp"/> is off), or,
/// with neither, an anonymous volume that lives as long as the container.
/// </summary>
public sealed record RunVolume(string Target)
{
    public string? HostPath { get; init; }

    public string? VolumeName { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary>docker's copy-up of the image's content into an empty volume; <c>nocopy</c> turns it off.</summary>
    public bool CopyUp { get; init; } = true;

    public bool IsBind => HostPath is not null;
}
