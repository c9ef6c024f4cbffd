namespace Hoist.Archives;

public sealed record LayerApplyOptions
{
    public DeviceNodePolicy Devices { get; init; } = DeviceNodePolicy.Reject;

    /// <summary>Set entry owners; only possible as root (default: when running as root).</summary>
    public bool? Chown { get; init; }

    /// <summary>Set xattrs; those the filesystem or our privileges refuse are counted, not fatal (as Docker).</summary>
    public bool ApplyXattrs { get; init; } = true;
}
