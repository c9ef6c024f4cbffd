using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>
/// Applies a layer (any compression) to a directory without ever touching anything outside it. Entry names are
/// cleaned lexically and refused if they climb above the root; absolute names are taken relative to the root; every
/// parent component is resolved inside the root (a symlink is followed as if the root were "/", so it cannot lead out);
/// the final component is never followed: whatever is there (e.g. a symlink planted by an earlier entry) is removed
/// and replaced. Hard links must name an existing non-directory inside the root (or, for a layer unpacked alone, a file
/// of a layer below, copied up first). Whiteouts follow the OCI rules and only hide what lower layers had: entries this
/// layer created are never removed by its own whiteouts; in <see cref="WhiteoutStyle.Overlay"/> they are recorded in
/// overlayfs form, at the path the same resolver gives, so a marker can never land outside the root either. The
/// uncompressed stream is hashed on the way (<see cref="LayerApplyResult.DiffId"/>).
/// </summary>
public sealed class LayerApplier
{
    private const int MaxSymlinkHops = 40;
    private const string OverlayOpaqueXattr = "trusted.overlay.opaque";
    private readonly string _root;
    private readonly LayerApplyOptions _options;
    private readonly bool _chown;
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly HashSet<string> _explicitDirectories = new(StringComparer.Ordinal);
    private readonly List<(string Path, TarEntry Entry)> _directories = new();
    private readonly List<string> _implicitDirectories = new();
    private int _entries, _whiteouts, _skippedDevices, _xattrsNotApplied;
    private bool _observed;

    private LayerApplier(string root, LayerApplyOptions options)
    {
        _root = root;
        _options = options;
        _chown = options.Chown ?? Native.IsRoot;
        if (_chown && !Native.IsRoot) throw new HoistException("setting file owners while applying a layer requires root");
        if (options.Devices == DeviceNodePolicy.Create && !Native.IsRoot) throw new HoistException("creating device nodes requires root");
    }

    public static LayerApplyResult Apply(Stream blob, string root, LayerApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (Native.LStat(fullRoot) is not { IsDirectory: true }) throw new HoistException($"{root}: not a directory");
        var applier = new LayerApplier(fullRoot, options ?? new LayerApplyOptions());
        using var decompressed = LayerCompressionCodec.OpenRead(blob, leaveOpen: true);
        using var uncompressed = new TeeHashingStream(decompressed, copy: null);
        using (var tar = new TarArchiveReader(uncompressed, leaveOpen: true))
        {
            while (tar.ReadNext() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    applier._observed = false;
                    applier.ApplyEntry(entry, tar);
                    if (!applier._observed) applier._options.Observer?.Visit(entry, () => Stream.Null);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new LayerApplyException(entry.Name, e.Message);
                }
            }
        }
        DrainTrailer(uncompressed);
        applier.FinishDirectories();
        return new LayerApplyResult(applier._entries, applier._whiteouts, applier._skippedDevices, applier._xattrsNotApplied)
        {
            DiffId = uncompressed.Digest(),
            TarSize = uncompressed.BytesRead,
            ImplicitDirectories = [.. applier._implicitDirectories.Where(p => !applier._explicitDirectories.Contains(p))
                .Select(p => p[(fullRoot.Length + 1)..])],
        };
    }

    /// <summary>The diffID covers the whole stream, padding after the end-of-archive blocks included.</summary>
    private static void DrainTrailer(TeeHashingStream uncompressed)
    {
        try
        {
            uncompressed.Drain();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw new TarFormatException(e.Message, e);
        }
    }

    public static LayerApplyResult Apply(string blobPath, string root, LayerApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var blob = new FileStream(blobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Apply(blob, root, options, cancellationToken);
    }

    private void ApplyEntry(TarEntry entry, TarArchiveReader tar)
    {
        if (entry.Name.Contains('\0')) throw new LayerApplyException(entry.Name, "name contains NUL");
        var components = Clean(entry.Name, entry.Name, "path");
        if (components.Count == 0)
        {
            // The root itself ("./"): its metadata belongs to whoever owns the target directory.
            if (entry.Type == TarEntryType.Directory) return;
            throw new LayerApplyException(entry.Name, "entry would replace the root directory");
        }
        var last = components[^1];
        var parentComponents = components.GetRange(0, components.Count - 1);
        if (last.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry, parentComponents, last);
            return;
        }
        var parent = ResolveDirectory(parentComponents, create: true, entry.Name)!;
        var path = parent + "/" + last;
        var existing = Native.LStat(path);
        if (existing is not null && !(entry.Type == TarEntryType.Directory && existing.Value.IsDirectory)) RemoveTree(path);

        switch (entry.Type)
        {
            case TarEntryType.Regular:
                WriteRegular(entry, path, tar);
                break;
            case TarEntryType.Directory:
                if (existing is not { IsDirectory: true }) Native.MakeDirectory(path, 0x1C0);
                _explicitDirectories.Add(path);
                break;
            case TarEntryType.Symlink:
                File.CreateSymbolicLink(path, entry.LinkTarget);
                break;
            case TarEntryType.HardLink:
                Native.HardLink(ResolveHardLinkTarget(entry, path), path);
                break;
            case TarEntryType.Fifo:
                Native.MakeNode(path, FileStatus.Fifo | 0x180, 0, 0);
                break;
            case TarEntryType.CharDevice or TarEntryType.BlockDevice:
                switch (_options.Devices)
                {
                    case DeviceNodePolicy.Reject:
                        throw new LayerApplyException(entry.Name, "device nodes are not allowed in this layer (DeviceNodePolicy.Reject)");
                    case DeviceNodePolicy.Skip:
                        _skippedDevices++;
                        return;
                }
                Native.MakeNode(path, (entry.Type == TarEntryType.CharDevice ? FileStatus.Char : FileStatus.Block) | 0x180, entry.DeviceMajor, entry.DeviceMinor);
                break;
        }
        _created.Add(path);
        _entries++;
        if (entry.Type == TarEntryType.Directory)
        {
            // Mode and mtime are set at the end: children change the mtime, and a read-only mode would block them.
            ApplyOwnerAndXattrs(path, entry);
            _directories.Add((path, entry));
            return;
        }
        // A hard link shares its target's inode and metadata.
        if (entry.Type == TarEntryType.HardLink) return;
        ApplyOwnerAndXattrs(path, entry);
        if (entry.Type != TarEntryType.Symlink) Native.ChangeMode(path, entry.Mode & 0xFFF);
        Native.SetModificationTime(path, entry.ModificationTime, Nanoseconds(entry));
    }

    /// <summary>Writes a regular file's content; an observer is shown the entry with the file read back through the same
    /// handle (the page cache's copy, not the layer decompressed again).</summary>
    private void WriteRegular(TarEntry entry, string path, TarArchiveReader tar)
    {
        var observer = _options.Observer;
        using var file = new FileStream(path, FileMode.CreateNew, observer is null ? FileAccess.Write : FileAccess.ReadWrite, FileShare.None, 0);
        if (entry.Size > 0) tar.OpenContent().CopyTo(file, 256 * 1024);
        if (observer is null) return;
        observer.Visit(entry, () => entry.Size == 0 ? Stream.Null : new WrittenFileStream(file.SafeFileHandle));
        _observed = true;
    }

    /// <summary>The sub-second part of an entry's mtime: its PAX record's, else the one given beside the tar.</summary>
    private uint Nanoseconds(TarEntry entry) =>
        entry.ModificationTimeNanoseconds == 0 && _options.SubsecondMtimes?.TryGetValue(entry.Name, out var nanoseconds) == true
            ? nanoseconds : entry.ModificationTimeNanoseconds;

    private void ApplyOwnerAndXattrs(string path, TarEntry entry)
    {
        if (_chown)
        {
            if (entry.Uid is < 0 or > uint.MaxValue - 1 || entry.Gid is < 0 or > uint.MaxValue - 1)
                throw new LayerApplyException(entry.Name, $"owner {entry.Uid}:{entry.Gid} out of range");
            Native.LChown(path, entry.Uid, entry.Gid);
        }
        if (!_options.ApplyXattrs) return;
        foreach (var (name, value) in entry.Xattrs)
        {
            if (name.Contains('\0')) throw new LayerApplyException(entry.Name, "xattr name contains NUL");
            if (!Native.TrySetXattr(path, name, value)) _xattrsNotApplied++;
        }
    }

    private void FinishDirectories()
    {
        // Deepest first so setting a parent's mtime is not undone by touching its children.
        for (var i = _directories.Count - 1; i >= 0; i--)
        {
            var (path, entry) = _directories[i];
            // A later entry may have swapped a parent for a symlink: chmod would follow it out of the root.
            if (!IsRealDirectoryInsideRoot(path)) continue;
            Native.ChangeMode(path, entry.Mode & 0xFFF);
            Native.SetModificationTime(path, entry.ModificationTime, Nanoseconds(entry));
        }
    }

    private void ApplyWhiteout(TarEntry entry, List<string> parentComponents, string last)
    {
        _whiteouts++;
        // Unpacked alone, the marker needs its directory (containerd creates it too); it takes the lower one's look.
        var parent = ResolveDirectory(parentComponents, create: _options.Whiteouts == WhiteoutStyle.Overlay, entry.Name);
        if (last == Whiteouts.OpaqueMarker)
        {
            if (parent is null) return;
            foreach (var child in Directory.EnumerateFileSystemEntries(parent).ToList())
            {
                if (!_created.Contains(child)) RemoveTree(child);
            }
            if (_options.Whiteouts == WhiteoutStyle.Overlay) Native.TrySetXattr(parent, OverlayOpaqueXattr, [(byte)'y']);
            return;
        }
        // Other ".wh..wh." names are AUFS bookkeeping (e.g. .wh..wh.plnk), not whiteouts.
        if (last.StartsWith(Whiteouts.Prefix + Whiteouts.Prefix, StringComparison.Ordinal)) return;
        var target = last[Whiteouts.Prefix.Length..];
        if (target is "" or "." or "..") throw new LayerApplyException(entry.Name, $"invalid whiteout of \"{target}\"");
        if (parent is null) return;
        var path = parent + "/" + target;
        if (_created.Contains(path)) return;
        if (Native.LStat(path) is not null) RemoveTree(path);
        if (_options.Whiteouts != WhiteoutStyle.Overlay) return;
        Native.MakeNode(path, FileStatus.Char, 0, 0);
        _created.Add(path); // this layer's own record: its opaque marker must not remove it
    }

    private string ResolveHardLinkTarget(TarEntry entry, string linkPath)
    {
        var components = Clean(entry.LinkTarget, entry.Name, "hard link target");
        if (components.Count == 0) throw new LayerApplyException(entry.Name, "hard link to the root directory");
        var parentComponents = components.GetRange(0, components.Count - 1);
        var parent = ResolveDirectory(parentComponents, create: false, entry.Name);
        var target = parent is null ? null : parent + "/" + components[^1];
        var status = target is null ? null : Native.LStat(target);
        if (status is null && _options.LowerHardLinkTarget?.Invoke(string.Join('/', components)) is { } lower)
        {
            target = ResolveDirectory(parentComponents, create: true, entry.Name) + "/" + components[^1];
            CopyUp(lower, target);
            status = Native.LStat(target);
        }
        if (status is null || target is null) throw new LayerApplyException(entry.Name, $"hard link target \"{entry.LinkTarget}\" does not exist");
        if (status.Value.IsDirectory) throw new LayerApplyException(entry.Name, "hard link to a directory");
        if (target == linkPath) throw new LayerApplyException(entry.Name, "hard link to itself");
        return target;
    }

    /// <summary>
    /// Copies a lower layer's file into this layer with its metadata, so a hard link can name it (overlayfs copy-up).
    /// The copy is not counted as created here: a whiteout of the same name in this layer still replaces it.
    /// </summary>
    private void CopyUp(string lowerFile, string target)
    {
        var status = Native.LStat(lowerFile);
        if (status is not { IsRegular: true }) throw new LayerApplyException(target[(_root.Length + 1)..], "hard link target in a lower layer is not a regular file");
        using (var source = new FileStream(lowerFile, FileMode.Open, FileAccess.Read, FileShare.Read, 0))
        using (var copy = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0))
        {
            source.CopyTo(copy, 256 * 1024);
        }
        if (_chown) Native.LChown(target, status.Value.Uid, status.Value.Gid);
        if (_options.ApplyXattrs)
        {
            foreach (var (name, value) in Native.ListXattrs(lowerFile)) Native.TrySetXattr(target, name, value);
        }
        Native.ChangeMode(target, status.Value.Permissions);
        Native.SetModificationTime(target, status.Value.MtimeSeconds, status.Value.MtimeNanoseconds);
    }

    /// <summary>Lexical cleaning: drops empty and "." parts and a leading "/"; ".." above the root is refused.</summary>
    private static List<string> Clean(string name, string entryName, string what)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) throw new LayerApplyException(entryName, $"{what} \"{name}\" escapes the root");
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>
    /// The host path of a directory inside the root, following symlinks as if the root were "/" ("..": never above it).
    /// Missing directories are created (0755, as Docker) when <paramref name="create"/> is set, else null is returned.
    /// </summary>
    private string? ResolveDirectory(List<string> components, bool create, string entryName)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(components);
        var hops = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var part = node.Value;
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = Host(resolved) + "/" + part;
            var status = Native.LStat(candidate);
            if (status is null)
            {
                if (!create) return null;
                Native.MakeDirectory(candidate, 0x1ED);
                _created.Add(candidate);
                _implicitDirectories.Add(candidate);
                resolved.Add(part);
                continue;
            }
            if (status.Value.IsSymlink)
            {
                if (++hops > MaxSymlinkHops) throw new LayerApplyException(entryName, "too many levels of symbolic links");
                var target = new FileInfo(candidate).LinkTarget ?? "";
                if (target.StartsWith('/')) resolved.Clear();
                var targetParts = target.Split('/');
                for (var i = targetParts.Length - 1; i >= 0; i--) pending.AddFirst(targetParts[i]);
                continue;
            }
            if (!status.Value.IsDirectory) throw new LayerApplyException(entryName, $"parent \"{string.Join('/', resolved.Append(part))}\" is not a directory");
            resolved.Add(part);
        }
        return Host(resolved);
    }

    private bool IsRealDirectoryInsideRoot(string path)
    {
        var current = _root;
        foreach (var part in path[(_root.Length + 1)..].Split('/'))
        {
            current += "/" + part;
            if (Native.LStat(current) is not { IsDirectory: true }) return false;
        }
        return true;
    }

    private string Host(List<string> resolved) => resolved.Count == 0 ? _root : _root + "/" + string.Join('/', resolved);

    /// <summary>Deletes a path and, for a real directory, its contents; symlinks are removed, never followed.</summary>
    private static void RemoveTree(string path)
    {
        var status = Native.LStat(path);
        if (status is null) return;
        if (status.Value.IsDirectory)
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(path).ToList()) RemoveTree(child);
            Native.RemoveEmptyDirectory(path);
        }
        else Native.RemoveFile(path);
    }
}
