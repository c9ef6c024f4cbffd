namespace Hoist.Dispatch;

/// <summary><c>type=cache</c>: a directory kept between builds under <see cref="Id"/> (the target when no id is given),
/// created with <see cref="Mode"/> and owner, or seeded from <see cref="Source"/> in <see cref="From"/>.</summary>
public sealed record CacheMountSpec : MountSpec
{
    public required string Target { get; init; }

    public required string Id { get; init; }

    public CacheMountSharing Sharing { get; init; } = CacheMountSharing.Shared;

    public required int Mode { get; init; }

    public int Uid { get; init; }

    public int Gid { get; init; }

    public bool ReadWrite { get; init; } = true;

    public SourceRef? From { get; init; }

    /// <summary><c>from=</c> as written (also when empty); with <see cref="Source"/> it keeps differently seeded caches apart.</summary>
    public string? FromWritten { get; init; }

    public string? Source { get; init; }
}
