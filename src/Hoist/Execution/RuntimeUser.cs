namespace Hoist.Execution;

/// <summary>runtime-spec config.md "User" (POSIX platforms).</summary>
public sealed record RuntimeUser
{
    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}
