using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Formats;

/// <summary>
/// An image's filesystem outside the store, as BuildKit's local and tar exporters write it: every layer applied in
/// order with whiteouts honoured, through the safe applier (nothing is written outside the destination). Owners are
/// kept when running as root. Device nodes are always left out (and counted): an image's <c>brw-rw-rw- 8,0</c> made on
/// the host would hand every local user the disk. BuildKit's local exporter creates them (fsutil's DiskWriter mknods
/// them with their modes); this is a deliberate difference, see docs/security.md.
/// </summary>
public static class RootfsExporter
{
    /// <summary>Applies the layers of <paramref name="image"/> (its blobs in <paramref name="store"/>) into <paramref name="directory"/> (created if missing);
    /// returns how many device nodes were left out.</summary>
    public static async Task<int> ExportToDirectoryAsync(ContentStore store, Image image, string directory, CancellationToken cancellationToken = default)
    {
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var full = Path.GetFullPath(directory);
        if (File.Exists(full)) throw new HoistException($"{directory}: exists and is not a directory");
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"cannot create {directory}: {e.Message}", e);
        }
        return await ApplyAsync(store, image, full, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the filesystem of <paramref name="image"/> as an uncompressed tar to <paramref name="output"/> (left
    /// open); returns how many device nodes were left out.</summary>
    public static Task<int> ExportToTarAsync(ContentStore store, Image image, Stream output, CancellationToken cancellationToken = default) =>
        ExportToTarAsync(store, [("", image)], output, cancellationToken);

    /// <summary>
    /// Writes several images' filesystems as one tar, each under its own top-level directory (a multi-platform
    /// build's <c>linux_amd64/</c>, <c>linux_arm64/</c>, as buildx's platform-split tar); returns the device nodes left out.
    /// </summary>
    public static async Task<int> ExportToTarAsync(ContentStore store, IReadOnlyList<(string Directory, Image Image)> parts, Stream output,
        CancellationToken cancellationToken = default)
    {
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        // Named PID-ID under the build work area, so a killed export is removed by the next build's stale-run cleanup.
        var work = Path.Combine(store.Root, "snapshots", "runs", $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        var root = Path.Combine(work, "rootfs");
        Directory.CreateDirectory(root);
        try
        {
            var skipped = 0;
            foreach (var (directory, image) in parts)
            {
                var target = Path.Combine(root, directory);
                Directory.CreateDirectory(target);
                skipped += await ApplyAsync(store, image, target, cancellationToken).ConfigureAwait(false);
            }
            var tar = new LayerWriteOptions { Compression = LayerCompression.None, RoundToNearestSecond = true };
            await Task.Run(() => LayerWriter.WriteDirectory(root, output, tar, cancellationToken), cancellationToken).ConfigureAwait(false);
            return skipped;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static Task<int> ApplyAsync(ContentStore store, Image image, string root, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var skipped = 0;
        foreach (var layer in image.Layers)
        {
            if (!store.HasLayer(layer.Blob)) throw new HoistException($"image {image.ConfigDigest}: layer {layer.Blob.Digest} is not in the store");
            // A layer kept only as a snapshot has no blob: OpenRead makes its tar. The snapshot's files, even once a blob
            // is made, keep the nanoseconds a tar cannot hold, and BuildKit's exports keep them.
            var subseconds = store.SnapshotLayers?.SubsecondMtimes(layer.DiffId);
            var options = new LayerApplyOptions { Devices = DeviceNodePolicy.Skip, SubsecondMtimes = subseconds };
            using var blob = subseconds is null ? store.OpenRead(layer.Blob.Digest) : store.SnapshotLayers!.TryOpenTar(layer.DiffId)!;
            skipped += LayerApplier.Apply(blob, root, options, cancellationToken).SkippedDevices;
        }
        return skipped;
    }, cancellationToken);
}
