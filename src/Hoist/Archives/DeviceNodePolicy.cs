namespace Hoist.Archives;

/// <summary>What applying a layer does with character and block device entries.</summary>
public enum DeviceNodePolicy
{
    /// <summary>Refuse the layer with a <see cref="LayerApplyException"/> (the default).</summary>
    Reject,

    /// <summary>Leave the device out and count it in <see cref="LayerApplyResult.SkippedDevices"/>.</summary>
    Skip,

    /// <summary>mknod the device; requires running as root, otherwise the layer is refused.</summary>
    Create,
}
