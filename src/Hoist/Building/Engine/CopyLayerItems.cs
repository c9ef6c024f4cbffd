using Hoist.Archives;
using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Building.Copy;
using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// Turns a <see cref="CopyPlan"/> into layer entries read straight from the source, so COPY/ADD never needs a
/// container or a mounted root. Directories the plan only creates when missing are left out when the stage has them.
/// </summary>
/// <param name="hashes">the file-hash index when the source is a context directory: it knows the xattrs of files
/// whose identity is unchanged since the key was computed.</param>
internal sealed class CopyLayerItems(string? sourceRoot, Func<string, bool> destinationHasDirectory, string scratch, BuildClock clock,
    ContentHashIndex? hashes = null)
{
    private readonly Dictionary<(ulong Device, ulong Inode), string> _linked = [];
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private int _inline;

    public IReadOnlyList<LayerItem> Convert(CopyPlan plan) => [.. Stream(plan)];

    /// <summary>The items made one operation at a time as they are enumerated (once, in order: hard links and
    /// directories are remembered on the way).</summary>
    public IEnumerable<LayerItem> Stream(CopyPlan plan) => plan.Operations.SelectMany(Convert);

    private IEnumerable<LayerItem> Convert(CopyOperation operation)
    {
        var name = operation.Destination.TrimStart('/');
        var time = operation.ModificationTime?.ToUnixTimeSeconds() ?? clock.CreatedSeconds;
        var nanoseconds = operation.ModificationTime is null ? 0 : operation.ModificationTimeNanoseconds;
        TarEntry Entry(TarEntryType type) => new()
        {
            Name = name, Type = type, Mode = operation.Mode, Uid = operation.Uid, Gid = operation.Gid, ModificationTime = time,
            ModificationTimeNanoseconds = nanoseconds,
            Xattrs = SourceXattrs(operation),
        };
        switch (operation.Kind)
        {
            case CopyOperationKind.Directory:
                if (operation.KeepExisting && destinationHasDirectory(operation.Destination)) yield break;
                _directories.Add(name);
                yield return new LayerItem(Entry(TarEntryType.Directory));
                break;
            case CopyOperationKind.File:
                if (operation.Inode != 0 && _linked.TryGetValue((operation.Device, operation.Inode), out var first))
                {
                    yield return new LayerItem(Entry(TarEntryType.HardLink) with { LinkTarget = first });
                    break;
                }
                if (operation.Inode != 0) _linked[(operation.Device, operation.Inode)] = name;
                yield return new LayerItem(Entry(TarEntryType.Regular) with { Size = operation.Size }, SourcePath(operation));
                break;
            case CopyOperationKind.Symlink:
                yield return new LayerItem(Entry(TarEntryType.Symlink) with { LinkTarget = operation.LinkTarget ?? "" });
                break;
            case CopyOperationKind.Special:
                var status = Native.LStat(SourcePath(operation));
                var type = operation.SourceKind switch
                {
                    FileKind.CharacterDevice => TarEntryType.CharDevice,
                    FileKind.BlockDevice => TarEntryType.BlockDevice,
                    FileKind.Fifo => TarEntryType.Fifo,
                    _ => (TarEntryType?)null,
                };
                if (type is null) yield break; // sockets cannot be stored in a tar
                yield return new LayerItem(Entry(type.Value) with
                {
                    DeviceMajor = status?.RdevMajor ?? 0,
                    DeviceMinor = status?.RdevMinor ?? 0,
                });
                break;
            case CopyOperationKind.Inline:
                var path = Path.Combine(scratch, $"inline-{_inline++}");
                File.WriteAllBytes(path, operation.InlineContent.ToArray());
                yield return new LayerItem(Entry(TarEntryType.Regular) with { Size = operation.InlineContent.Length }, path);
                break;
            case CopyOperationKind.ExtractArchive:
                foreach (var item in Extract(operation, name)) yield return item;
                break;
            default:
                throw new HoistException($"ADD of {operation.Url ?? operation.Destination}: remote sources are not supported yet");
        }
    }

    /// <summary>Extracts the archive safely into scratch space, then lists it under the destination.</summary>
    private IEnumerable<LayerItem> Extract(CopyOperation operation, string name)
    {
        var directory = Path.Combine(scratch, $"extract-{_inline++}");
        Directory.CreateDirectory(directory);
        try
        {
            using var archive = ArchiveDecompressor.OpenRead(File.OpenRead(SourcePath(operation)));
            LayerApplier.Apply(archive, directory, new LayerApplyOptions { Devices = DeviceNodePolicy.Skip });
        }
        catch (SharpCompress.Common.SharpCompressException e)
        {
            throw new HoistException($"ADD {operation.Destination}: invalid compressed archive: {e.Message}");
        }
        var empty = Path.Combine(scratch, $"empty-{_inline++}");
        Directory.CreateDirectory(empty);
        // An ADD --unpack of a URL to DIR/ extracts into the directory the plan already makes for the download.
        var made = _directories.Contains(name) || (operation.KeepExisting && destinationHasDirectory(operation.Destination));
        if (!made && name.Length > 0)
        {
            yield return new LayerItem(new TarEntry
            {
                Name = name, Type = TarEntryType.Directory, Mode = 0b111_101_101, ModificationTime = clock.CreatedSeconds,
                // ADD --chown owns the directory it extracts into too, as BuildKit does.
                Uid = operation.OwnerOverride ? operation.Uid : 0,
                Gid = operation.OwnerOverride ? operation.Gid : 0,
            });
        }
        foreach (var item in LayerChanges.BetweenDirectories(empty, directory))
        {
            var entry = item.Entry with { Name = Prefix(name, item.Entry.Name) };
            if (entry.Type == TarEntryType.HardLink) entry = entry with { LinkTarget = Prefix(name, entry.LinkTarget) };
            if (operation.OwnerOverride) entry = entry with { Uid = operation.Uid, Gid = operation.Gid, UserName = "", GroupName = "" };
            yield return item with { Entry = entry };
        }
    }

    /// <summary>BuildKit's copier keeps the extended attributes of what it copies (fsutil's copyXAttrs), so file
    /// capabilities set by setcap in a stage survive <c>COPY --from</c>; what the copy makes itself has none.</summary>
    private IReadOnlyDictionary<string, byte[]> SourceXattrs(CopyOperation operation) =>
        operation.SourcePath is null || operation.Kind is not (CopyOperationKind.File or CopyOperationKind.Directory
            or CopyOperationKind.Symlink or CopyOperationKind.Special)
            ? TarEntry.EmptyXattrs
            : KnownXattrs(operation) ?? FileTreeEntries.ImageXattrs(SourcePath(operation));

    private IReadOnlyDictionary<string, byte[]>? KnownXattrs(CopyOperation operation) =>
        hashes is not null && sourceRoot is not null && operation.Kind == CopyOperationKind.File
            ? hashes.KnownXattrs(sourceRoot, operation.SourcePath!, operation.SourceIdentity)
            : null;

    private static string Prefix(string prefix, string name) => prefix.Length == 0 ? name : prefix + "/" + name;

    /// <summary>A source inside the copy source; an absolute one (a download in scratch space) is used as is.</summary>
    private string SourcePath(CopyOperation operation) => Path.IsPathRooted(operation.SourcePath) ? operation.SourcePath :
        Path.Combine(sourceRoot ?? throw new HoistException("no build context to copy from"), operation.SourcePath ?? "");
}
