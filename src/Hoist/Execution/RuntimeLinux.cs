namespace Hoist.Execution;

/// <summary>runtime-spec config-linux.md, the parts a RUN uses.</summary>
public sealed record RuntimeLinux
{
    public IReadOnlyList<RuntimeNamespace> Namespaces { get; init; } = [];

    public RuntimeResources? Resources { get; init; }

    public string? CgroupsPath { get; init; }

    public IReadOnlyList<string>? MaskedPaths { get; init; }

    public IReadOnlyList<string>? ReadonlyPaths { get; init; }

    /// <summary>The syscall filter; none (unconfined) when null.</summary>
    public RuntimeSeccomp? Seccomp { get; init; }
}
