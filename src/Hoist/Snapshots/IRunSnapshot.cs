using Hoist.Archives;
using Hoist.Oci;

namespace Hoist.Snapshots;

/// <summary>
/// A writable root filesystem prepared for one RUN. Disposing it unmounts (if mounted) and deletes everything it created,
/// upper and pristine directories included, so turn the changes into a layer before disposing.
/// </summary>
public interface IRunSnapshot : IAsyncDisposable
{
    SnapshotKind Kind { get; }

    /// <summary>The directory the container uses as its root. Only valid until <see cref="UnmountAsync"/>.</summary>
    string RootPath { get; }

    /// <summary>Overlay only: the upper directory holding every change (whiteouts are char devices 0/0, opaque dirs carry <c>trusted.overlay.opaque=y</c>).</summary>
    string? UpperPath { get; }

    /// <summary>
    /// Copy only: the lower layers merged as they were before the RUN, to diff <see cref="RootPath"/> against. Its files may
    /// be hard links into the layer store: read it, never write to it.
    /// </summary>
    string? PristinePath { get; }

    /// <summary>The layer directories the snapshot was made from, top layer first.</summary>
    IReadOnlyList<string> LowerDirs { get; }

    /// <summary>
    /// Ends writes: unmounts an overlay (the upper directory stays), leaves a copy in place. Idempotent; call it after the
    /// container has exited and before reading the changes.
    /// </summary>
    ValueTask UnmountAsync();

    /// <summary>What the RUN changed, as the items of its layer (read after <see cref="UnmountAsync"/>, before disposing).</summary>
    IEnumerable<LayerItem> Changes();

    /// <summary>
    /// Offers the changes to <paramref name="layers"/> as the unpacked layer <paramref name="diffId"/> (the diffID of the
    /// layer written from <see cref="Changes"/>), so the next RUN need not unpack what this one wrote. An overlay moves
    /// its upper directory there; a copy keeps nothing. The snapshot's changes are gone afterwards.
    /// </summary>
    Task KeepAsync(SnapshotStore layers, Digest diffId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves what the RUN left into <paramref name="destination"/> for a person to inspect (<c>hoist run-rootfs --keep</c>):
    /// an overlay its upper directory (<c>upper</c>), a copy its root and the pristine view (<c>rootfs</c>, <c>pristine</c>).
    /// Call it after <see cref="UnmountAsync"/>; the snapshot holds nothing to keep afterwards.
    /// </summary>
    void MoveFilesTo(string destination);
}
