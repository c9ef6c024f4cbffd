namespace Hoist.Execution;

/// <summary>
/// runtime-spec "seccomp.syscalls.args" entry: argument <see cref="Index"/> compared with <see cref="Op"/>
/// (<c>SCMP_CMP_EQ</c>, <c>SCMP_CMP_NE</c>, <c>SCMP_CMP_MASKED_EQ</c>: (arg &amp; Value) == ValueTwo).
/// </summary>
public sealed record RuntimeSyscallArg(uint Index, ulong Value, string Op, ulong ValueTwo = 0);
