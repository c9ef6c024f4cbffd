namespace Hoist.Execution;

/// <summary>runtime-spec config-linux.md "resources"; only the device cgroup rules.</summary>
public sealed record RuntimeResources
{
    public IReadOnlyList<RuntimeDeviceRule>? Devices { get; init; }
}
