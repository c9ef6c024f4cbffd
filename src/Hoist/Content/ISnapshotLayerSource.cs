using Hoist.Oci;

namespace Hoist.Content;

/// <summary>
/// Layers the store holds only as unpacked snapshots, not as blobs: a built layer's manifest entry is its uncompressed
/// tar (digest = diffID), made from the snapshot directory when something reads it (Snapshots/SnapshotLayers).
/// </summary>
public interface ISnapshotLayerSource
{
    /// <summary>The uncompressed tar of layer <paramref name="diffId"/>, streamed as it is made; null when it is not a
    /// snapshot layer.</summary>
    Stream? TryOpenTar(Digest diffId);

    /// <summary>True when layer <paramref name="diffId"/> is kept as a snapshot that can make its tar.</summary>
    bool Contains(Digest diffId);

    /// <summary>The sub-second mtimes of layer <paramref name="diffId"/>'s files by entry name (its tar holds whole
    /// seconds); null when it is not a snapshot layer.</summary>
    IReadOnlyDictionary<string, uint>? SubsecondMtimes(Digest diffId);
}
