using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// Unpacks image layers into the <see cref="SnapshotStore"/> on demand (lazy materialisation: only when a step needs a
/// root filesystem) and in the form overlayfs wants for lower directories: whiteouts as 0/0 character devices and
/// opaque directories marked with <c>trusted.overlay.opaque=y</c>.
/// </summary>
internal sealed class LayerDirectories(ContentStore store, SnapshotStore snapshots, ISnapshotter snapshotter)
{
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
            unpacking[i] = snapshots.GetOrUnpackAsync(layer.DiffId, async (directory, token) =>
            {
                var explicitPaths = await Task.Run(() => Unpack(layer.Blob.Digest, directory, token), token).ConfigureAwait(false);
                var lowerDirectories = await Task.WhenAll(below).ConfigureAwait(false);
                InheritImplicitDirectories(directory, explicitPaths, lowerDirectories);
            }, cancellationToken);
        }
        var directories = await Task.WhenAll(unpacking).ConfigureAwait(false);
        // overlayfs refuses a lowerdir named twice (ELOOP); that happens when two steps made identical layers (e.g.
        // two RUNs that changed nothing). Keeping the topmost copy gives the same merged view.
        return [.. directories.Reverse().Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A read-only view of the merged layers (never write to it): one layer is used as is, more are mounted.</summary>
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

    /// <summary>Unpacks one layer; returns the paths its tar names (relative, cleaned), to tell implicit parents apart.</summary>
    private HashSet<string> Unpack(Digest blob, string directory, CancellationToken cancellationToken)
    {
        var path = store.BlobPath(blob);
        LayerApplier.Apply(path, directory, new LayerApplyOptions { Devices = DeviceNodePolicy.Create }, cancellationToken);
        return MarkWhiteouts(path, directory);
    }

    /// <summary>
    /// A layer may name <c>tmp/file</c> without a <c>tmp/</c> entry; the applier then creates <c>tmp</c> 0755 root, and
    /// as the upper of the two, overlayfs would show that instead of the 1777 <c>/tmp</c> below. Such implicit
    /// directories take the mode and owner the layers below give the path (as when a layer is applied onto its parent
    /// snapshot, which is what BuildKit/containerd do).
    /// </summary>
    private static void InheritImplicitDirectories(string directory, HashSet<string> explicitPaths, IReadOnlyList<string> lowerDirectories)
    {
        if (lowerDirectories.Count == 0) return;
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            var relative = pending.Pop();
            foreach (var child in Directory.EnumerateDirectories(relative.Length == 0 ? directory : Path.Combine(directory, relative)))
            {
                var name = Path.GetFileName(child);
                var childRelative = relative.Length == 0 ? name : relative + "/" + name;
                if (Native.LStat(child) is not { IsDirectory: true }) continue;
                pending.Push(childRelative);
                if (explicitPaths.Contains(childRelative)) continue;
                for (var i = lowerDirectories.Count - 1; i >= 0; i--)
                {
                    if (Native.LStat(Path.Combine(lowerDirectories[i], childRelative)) is not { } lower) continue;
                    if (lower.IsDirectory)
                    {
                        Native.ChangeMode(child, lower.Permissions);
                        if (Native.IsRoot) Native.LChown(child, lower.Uid, lower.Gid);
                    }
                    break;
                }
            }
        }
    }

    /// <summary>The applier drops whiteouts (nothing is below them here); overlayfs needs them recorded in its own way.</summary>
    private static HashSet<string> MarkWhiteouts(string blobPath, string directory)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var file = File.OpenRead(blobPath);
        using var decompressed = LayerCompressionCodec.OpenRead(file);
        using var reader = new TarArchiveReader(decompressed);
        while (reader.ReadNext() is { } entry)
        {
            var name = entry.Name.TrimEnd('/');
            names.Add(CleanName(name));
            var slash = name.LastIndexOf('/');
            var last = slash < 0 ? name : name[(slash + 1)..];
            if (!last.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal)) continue;
            var parent = slash < 0 ? directory : Path.Combine(directory, name[..slash]);
            if (parent.Split('/').Contains("..") || !Directory.Exists(parent)) continue;
            if (last == Whiteouts.OpaqueMarker)
            {
                Native.TrySetXattr(parent, "trusted.overlay.opaque", [(byte)'y']);
            }
            else if (!last.StartsWith(Whiteouts.Prefix + Whiteouts.Prefix, StringComparison.Ordinal))
            {
                var target = Path.Combine(parent, last[Whiteouts.Prefix.Length..]);
                if (Native.LStat(target) is null) Native.MakeNode(target, 0x2000, 0, 0); // S_IFCHR, mode 0
            }
        }
        return names;
    }

    private static string CleanName(string name) =>
        string.Join('/', name.Split('/').Where(part => part is not ("" or ".")));
}
