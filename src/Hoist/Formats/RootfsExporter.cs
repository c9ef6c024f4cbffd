using Hoist.Archives;
using Hoist.Content;
using Hoist.Posix;

namespace Hoist.Formats;

/// <summary>
/// An image's filesystem outside the store, as BuildKit's local and tar exporters write it: every layer applied in
/// order with whiteouts honoured, through the safe applier (nothing is written outside the destination). Owners and
/// device nodes are kept when running as root; otherwise files belong to the caller and device nodes are left out.
/// </summary>
public static class RootfsExporter
{
    /// <summary>Applies the layers of <paramref name="local"/> into <paramref name="directory"/> (created if missing).</summary>
    public static async Task ExportToDirectoryAsync(ContentStore store, LocalImage local, string directory, CancellationToken cancellationToken = default)
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
        await ApplyAsync(store, local, full, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the filesystem of <paramref name="local"/> as an uncompressed tar to <paramref name="output"/> (left open).</summary>
    public static async Task ExportToTarAsync(ContentStore store, LocalImage local, Stream output, CancellationToken cancellationToken = default)
    {
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        // Named PID-ID under the build work area, so a killed export is removed by the next build's stale-run cleanup.
        var work = Path.Combine(store.Root, "snapshots", "runs", $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
        var root = Path.Combine(work, "rootfs");
        Directory.CreateDirectory(root);
        try
        {
            await ApplyAsync(store, local, root, cancellationToken).ConfigureAwait(false);
            await Task.Run(() => LayerWriter.WriteDirectory(root, output, new LayerWriteOptions { Compression = LayerCompression.None },
                cancellationToken), cancellationToken).ConfigureAwait(false);
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

    private static Task ApplyAsync(ContentStore store, LocalImage image, string root, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var options = new LayerApplyOptions { Devices = Native.IsRoot ? DeviceNodePolicy.Create : DeviceNodePolicy.Skip };
        foreach (var layer in image.Manifest.Manifest.Layers)
        {
            if (!store.Contains(layer.Digest)) throw new HoistException($"image {image.Id}: layer {layer.Digest} is not in the store");
            LayerApplier.Apply(store.BlobPath(layer.Digest), root, options, cancellationToken);
        }
    }, cancellationToken);
}
