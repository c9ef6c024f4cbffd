namespace Hoist.Execution;

/// <summary>A device cgroup rule (runtime-spec config-linux.md "Allowed Device List").</summary>
public sealed record RuntimeDeviceRule(bool Allow, string Access);
