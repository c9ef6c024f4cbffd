namespace Hoist.Execution;

/// <summary>runtime-spec config-linux.md "resources": the device cgroup rules and the pids limit.</summary>
public sealed record RuntimeResources
{
    public IReadOnlyList<RuntimeDeviceRule>? Devices { get; init; }

    public RuntimePidsLimit? Pids { get; init; }
}
