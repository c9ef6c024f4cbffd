using System.Diagnostics;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// Unpacks image layers into the <see cref="SnapshotStore"/> on demand (lazy materialisation: only when a step needs a
/// root filesystem) and in the form overlayfs wants for lower directories: whiteouts as 0/0 character devices and
/// opaque directories marked with <c>trusted.overlay.opaque=y</c>. Each layer's uncompressed stream is hashed as it
/// is applied and must match the diffID it is stored under, so the store is never keyed by a name the content denies.
/// Each layer it extracts is reported to <paramref name="extractions"/> (see <see cref="ReportingTo"/>).
/// </summary>
public sealed class LayerDirectories(ContentStore store, SnapshotStore snapshots, ISnapshotter snapshotter,
    IProgress<LayerExtraction>? extractions = null)
{
    /// <summary>The same layers, reporting the extractions they do to <paramref name="progress"/> (the step that needs them).</summary>
    public LayerDirectories ReportingTo(IProgress<LayerExtraction> progress) => new(store, snapshots, snapshotter, progress);

    public SnapshotStore Snapshots => snapshots;

    public ISnapshotter Snapshotter => snapshotter;

    /// <summary>The unpacked directories of <paramref name="layers"/>, top layer first (overlayfs lowerdir order).</summary>
    public async Task<IReadOnlyList<string>> LowerDirsAsync(IReadOnlyList<ImageLayer> layers, CancellationToken cancellationToken)
    {
        var unpacking = new Task<string>[layers.Count];
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var below = unpacking[..i];
            unpacking[i] = snapshots.GetOrUnpackAsync(layer.DiffId, (directory, token) =>
                Task.Run(() => Unpack(layer, directory, below, token), token), cancellationToken);
        }
        var directories = await Task.WhenAll(unpacking).ConfigureAwait(false);
        // overlayfs refuses a lowerdir named twice (ELOOP); that happens when two steps made identical layers (e.g.
        // two RUNs that changed nothing). Keeping the topmost copy gives the same merged view.
        return [.. directories.Reverse().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Prepares a writable snapshot over <paramref name="layers"/> (unpacking them first).</summary>
    public async Task<IRunSnapshot> PrepareAsync(IReadOnlyList<ImageLayer> layers, CancellationToken cancellationToken)
    {
        var lowers = await LowerDirsAsync(layers, cancellationToken).ConfigureAwait(false);
        return await snapshotter.PrepareAsync(lowers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A view of the merged layers that writes never reach the layers of (a <c>RUN --mount=type=bind,rw</c>
    /// writes into it, and the writes are thrown away): one layer is used as is, more are mounted.</summary>
    public async Task<RootView> OpenViewAsync(IReadOnlyList<ImageLayer> layers, CancellationToken cancellationToken)
    {
        if (layers.Count == 0)
        {
            var empty = Directory.CreateTempSubdirectory("hoist-empty-").FullName;
            return new RootView(empty, null, () => Directory.Delete(empty, recursive: true));
        }
        var lowers = await LowerDirsAsync(layers, cancellationToken).ConfigureAwait(false);
        if (lowers.Count == 1) return new RootView(lowers[0], null, null);
        var snapshot = await snapshotter.PrepareAsync(lowers, cancellationToken).ConfigureAwait(false);
        return new RootView(snapshot.RootPath, snapshot, null);
    }

    /// <summary>A view of the merged layers that is only read (never write to it): one layer is used as is, more are
    /// mounted read-only (<see cref="ISnapshotter.OpenReadOnlyAsync"/>).</summary>
    public async Task<RootView> OpenReadOnlyViewAsync(IReadOnlyList<ImageLayer> layers, CancellationToken cancellationToken)
    {
        if (layers.Count == 0) return await OpenViewAsync(layers, cancellationToken).ConfigureAwait(false);
        var lowers = await LowerDirsAsync(layers, cancellationToken).ConfigureAwait(false);
        return lowers.Count == 1 ? new RootView(lowers[0], null, null) : await snapshotter.OpenReadOnlyAsync(lowers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Unpacks one layer alone, refusing it when its content does not hash to its diffID. The layers below are waited
    /// for only when needed: a hard link to one of their files, and the directories this layer implies.
    /// </summary>
    private void Unpack(ImageLayer layer, string directory, Task<string>[] below, CancellationToken cancellationToken)
    {
        var lowers = below.Length == 0 ? null : new Lazy<string[]>(() => [.. Task.WhenAll(below).GetAwaiter().GetResult().Reverse()]);
        var started = Stopwatch.GetTimestamp();
        extractions?.Report(new LayerExtraction(layer.Blob.Digest, null));
        using (var blob = new FileStream(store.BlobPath(layer.Blob.Digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            var result = Apply(layer, blob, directory, lowers, null, cancellationToken);
            if (result.DiffId != layer.DiffId) throw new DiffIdMismatchException(layer.Blob.Digest, result.DiffId, layer.DiffId);
        }
        extractions?.Report(new LayerExtraction(layer.Blob.Digest, Stopwatch.GetElapsedTime(started)));
    }

    /// <summary>
    /// Unpacks a layer from its compressed bytes as they arrive (a pull, before the blob is in the store), reading them
    /// to their end, with <paramref name="observer"/> shown every entry. Returns the diffID of the content and its tar
    /// size (null when the layer was unpacked already and only hashed now). When the diffID is not the layer's, nothing
    /// is left: the temporary directory goes and no layer is named by it.
    /// </summary>
    /// <param name="lowers">The unpacked layers below, top first, asked for only when needed; null for the bottom layer.</param>
    public async Task<(Digest DiffId, long? TarSize)> UnpackArrivingAsync(ImageLayer layer, Stream compressed, Lazy<string[]>? lowers,
        ILayerEntryObserver? observer, CancellationToken cancellationToken)
    {
        LayerApplyResult? result = null;
        try
        {
            await snapshots.GetOrUnpackAsync(layer.DiffId, (directory, token) => Task.Run(() =>
            {
                result = Apply(layer, compressed, directory, lowers, observer, token);
                compressed.CopyTo(Stream.Null); // to the end of the download: the bytes are then the verified blob
                if (result.DiffId != layer.DiffId) throw new DiffIdMismatchException(layer.Blob.Digest, result.DiffId, layer.DiffId);
            }, token), cancellationToken).ConfigureAwait(false);
        }
        catch (DiffIdMismatchException) when (result is not null)
        {
            return (result.DiffId, null);
        }
        return result is null ? (UncompressedDigest.Of(compressed), null) : (result.DiffId, result.TarSize);
    }

    private LayerApplyResult Apply(ImageLayer layer, Stream blob, string directory, Lazy<string[]>? lowers, ILayerEntryObserver? observer,
        CancellationToken cancellationToken)
    {
        var options = new LayerApplyOptions
        {
            Devices = DeviceNodePolicy.Create,
            Whiteouts = WhiteoutStyle.Overlay,
            LowerHardLinkTarget = lowers is null ? null : path => MergedLowers.FindFile(lowers.Value, path),
            Observer = observer,
        };
        new SnapshotLayers(store, snapshots).ForgetRecipe(layer.DiffId);
        var result = LayerApplier.Apply(blob, directory, options, cancellationToken);
        if (result.DiffId == layer.DiffId && lowers is not null) InheritImplicitDirectories(directory, result.ImplicitDirectories, lowers.Value);
        return result;
    }

    /// <summary>
    /// A layer may name <c>tmp/file</c> without a <c>tmp/</c> entry; the applier then creates <c>tmp</c> 0755 root, and
    /// as the upper of the two, overlayfs would show that instead of the 1777 <c>/tmp</c> below. Such implicit
    /// directories take the mode and owner the layers below give the path (as when a layer is applied onto its parent
    /// snapshot, which is what BuildKit/containerd do).
    /// </summary>
    internal static void InheritImplicitDirectories(string directory, IReadOnlyList<string> implicitDirectories, string[] lowersTopFirst)
    {
        foreach (var relative in implicitDirectories)
        {
            // A later entry may have replaced a parent with a symlink: chmod must never follow it out of the layer.
            if (!MergedLowers.IsRealDirectory(directory, relative)) continue;
            if (MergedLowers.FindDirectory(lowersTopFirst, relative) is not { } lower) continue;
            var child = Path.Combine(directory, relative);
            Native.ChangeMode(child, lower.Permissions);
            if (Native.IsRoot) Native.LChown(child, lower.Uid, lower.Gid);
        }
    }
}
