namespace Hoist.Execution;

/// <summary>runtime-spec config.md "Process".</summary>
public sealed record RuntimeProcess
{
    public bool Terminal { get; init; }

    public required RuntimeUser User { get; init; }

    public required IReadOnlyList<string> Args { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public required string Cwd { get; init; }

    public RuntimeCapabilities? Capabilities { get; init; }

    public IReadOnlyList<RuntimeRlimit>? Rlimits { get; init; }

    public bool NoNewPrivileges { get; init; }
}
