using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// Flattens layer directories into one directory the way overlayfs would show them: applied bottom to top, whiteouts
/// (char device 0/0 or <c>.wh.NAME</c>) delete what is below, opaque directories (<c>trusted.overlay.opaque=y</c> or
/// <c>.wh..wh..opq</c>) hide everything below. Copying itself is <c>cp -a</c>, which keeps owners, modes, times, xattrs,
/// devices and hard links.
/// </summary>
internal static class LayerMerger
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string OpaqueXattr = "trusted.overlay.opaque";

    /// <param name="hardLinks">Link files instead of copying them (for a read-only reference view).</param>
    public static async Task MergeAsync(IReadOnlyList<string> lowersTopFirst, string destination, bool hardLinks,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        for (var i = lowersTopFirst.Count - 1; i >= 0; i--)
        {
            var layer = lowersTopFirst[i];
            var markers = new List<string>();
            var opaqueDirs = new List<string>();
            PrepareDestination(layer, destination, "", markers, opaqueDirs);
            await CopyAsync(layer, destination, hardLinks, cancellationToken).ConfigureAwait(false);
            // The whiteouts and opaque markers came along with the copy; they are not part of the merged view.
            foreach (var marker in markers) DeleteEntry(Path.Combine(destination, marker));
            foreach (var dir in opaqueDirs) Native.RemoveXattr(Path.Combine(destination, dir), OpaqueXattr);
        }
    }

    /// <summary>
    /// Walks one layer and clears the destination where the layer replaces things: entries it deletes, directories it
    /// makes opaque, and any entry whose kind changes (cp cannot write a file over a directory, and must never write
    /// through a symlink left from a lower layer).
    /// </summary>
    private static void PrepareDestination(string layer, string destination, string relative, List<string> markers, List<string> opaqueDirs)
    {
        var layerDir = Path.Combine(layer, relative);
        var destDir = Path.Combine(destination, relative);
        if (relative.Length > 0 && IsOpaque(layerDir))
        {
            opaqueDirs.Add(relative);
            var destStatus = Native.LStat(destDir);
            if (destStatus is { IsDirectory: true })
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(destDir)) DeleteEntry(entry);
            }
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(layerDir))
        {
            var name = Path.GetFileName(entry);
            var childRelative = relative.Length == 0 ? name : Path.Combine(relative, name);
            if (Native.LStat(entry) is not { } status) continue;
            if (name == OpaqueMarker)
            {
                markers.Add(childRelative);
                continue;
            }
            if (status.IsOverlayWhiteout || name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                markers.Add(childRelative);
                var target = status.IsOverlayWhiteout ? name : name[WhiteoutPrefix.Length..];
                DeleteEntry(Path.Combine(destDir, target));
                continue;
            }
            var destPath = Path.Combine(destDir, name);
            var existing = Native.LStat(destPath);
            if (status.IsDirectory)
            {
                if (existing is { IsDirectory: false }) DeleteEntry(destPath);
                PrepareDestination(layer, destination, childRelative, markers, opaqueDirs);
            }
            else if (existing is not null)
            {
                DeleteEntry(destPath);
            }
        }
    }

    private static bool IsOpaque(string directory)
    {
        var value = Native.GetXattr(directory, OpaqueXattr);
        return (value is { Length: > 0 } && value[0] == (byte)'y') || File.Exists(Path.Combine(directory, OpaqueMarker));
    }

    internal static void DeleteEntry(string path)
    {
        if (Native.LStat(path) is not { } status) return;
        if (status.IsDirectory) Directory.Delete(path, recursive: true);
        else File.Delete(path);
    }

    private static async Task CopyAsync(string source, string destination, bool hardLinks, CancellationToken cancellationToken)
    {
        var copy = new ChildProcessStart("cp", ["-a", hardLinks ? "--link" : "--reflink=auto", "--", source + "/.", destination + "/"]);
        var result = await ChildProcess.RunAsync(copy, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new HoistException($"copying layer {source}: {result.Error.Trim()}");
    }
}
