namespace Hoist.Execution;

/// <summary>
/// A USER resolved against the root filesystem. <see cref="AdditionalGids"/> always holds the primary gid first, as
/// BuildKit passes them to the runtime; <see cref="Home"/> is what runc would export as HOME.
/// </summary>
public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids, string Home)
{
    public static ResolvedUser Root { get; } = new(0, 0, [0], "/root");
}
