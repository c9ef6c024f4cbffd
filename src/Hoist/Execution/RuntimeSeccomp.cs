namespace Hoist.Execution;

/// <summary>runtime-spec config-linux.md "seccomp": the default action, the architectures, and one rule per syscall group.</summary>
public sealed record RuntimeSeccomp
{
    public required string DefaultAction { get; init; }

    public IReadOnlyList<string> Architectures { get; init; } = [];

    public IReadOnlyList<RuntimeSyscall> Syscalls { get; init; } = [];
}
