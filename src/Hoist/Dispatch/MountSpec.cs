namespace Hoist.Dispatch;

/// <summary>
/// A <c>RUN --mount</c> as the engine makes it real: its values expanded, its target resolved against the WORKDIR, its
/// <c>from=</c> bound. The engine never sees the frontend's mount syntax; it switches on these types.
/// </summary>
public abstract record MountSpec
{
    /// <summary>Every option as written plus the WORKDIR: the mount's part of the step's cache key.</summary>
    public required string KeyText { get; init; }
}
