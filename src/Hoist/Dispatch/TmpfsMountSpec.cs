namespace Hoist.Dispatch;

/// <summary><c>type=tmpfs</c>: an empty in-memory file system, at most <see cref="Size"/> bytes when given.</summary>
public sealed record TmpfsMountSpec : MountSpec
{
    public required string Target { get; init; }

    public long? Size { get; init; }
}
