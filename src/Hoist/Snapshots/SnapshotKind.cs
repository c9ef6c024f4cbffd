namespace Hoist.Snapshots;

/// <summary>How a RUN's root filesystem was prepared, which decides how its changes are read back.</summary>
public enum SnapshotKind
{
    /// <summary>An overlayfs mount: the changes are exactly <see cref="IRunSnapshot.UpperPath"/>, with overlay whiteouts.</summary>
    Overlay,

    /// <summary>A plain copy of the layers: the changes are the difference between the root and <see cref="IRunSnapshot.PristinePath"/>.</summary>
    Copy,
}
