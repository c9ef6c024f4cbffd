namespace Hoist.Execution;

/// <summary>
/// runtime-spec "seccomp.syscalls" entry: the action for these syscalls when every argument condition holds;
/// <see cref="ErrnoRet"/> is the error an <c>SCMP_ACT_ERRNO</c> returns (EPERM when null).
/// </summary>
public sealed record RuntimeSyscall
{
    public required IReadOnlyList<string> Names { get; init; }

    public required string Action { get; init; }

    public uint? ErrnoRet { get; init; }

    public IReadOnlyList<RuntimeSyscallArg>? Args { get; init; }
}
