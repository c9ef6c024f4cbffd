using Hoist.Building.Context;
using Hoist.Planning;
using Hoist.Building.Context.Git;
using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Copy;

/// <summary>One <see cref="CopyPlanner.Plan"/> call: the operations so far and what they put where.</summary>
/// <remarks>Modes are written as binary literals, one 3-bit group per octal digit (C# has no octal literals).</remarks>
internal sealed class CopyPlanBuilder(ICopySource? source, CopyDestination destination, CopyRequest request)
{
    private readonly List<CopyOperation> _operations = [];
    private readonly Dictionary<string, bool> _planned = new(StringComparer.Ordinal); // path → is directory
    private ModeChange? _chmod;
    private (int Uid, int Gid)? _owner;
    private PathPatternSet _excludes = PathPatternSet.Empty;

    public CopyPlan Build()
    {
        _chmod = request.Chmod is { Length: > 0 } chmod ? ModeChange.Parse(chmod) : null;
        _owner = request.Chown is { Length: > 0 } chown ? OwnerSpec.Parse(chown).Resolve(destination.Users) : null;
        try
        {
            _excludes = PathPatternSet.Parse(request.Excludes);
        }
        catch (HoistException e)
        {
            throw new HoistException($"invalid --exclude: {e.Message}", e);
        }
        var (target, endsWithSlash) = ResolveDestination(request.Destination, request.WorkingDirectory);
        var heredocWords = request.InlineFiles.Select(f => f.Word).ToHashSet(StringComparer.Ordinal);
        var paths = request.Sources.Where(s => !heredocWords.Contains(s)).ToArray();
        ValidateChecksum(paths);

        foreach (var path in paths)
        {
            if (CopyPlanner.IsGitSource(path)) PlanGit(path, target);
            else if (CopyPlanner.IsHttpSource(path)) PlanDownload(path, target, endsWithSlash);
            else if (request.Parents) PlanParents(path, target, endsWithSlash);
            else PlanLocal(path, target, endsWithSlash);
        }
        foreach (var file in request.InlineFiles) PlanInlineFile(file, target, endsWithSlash);
        return new CopyPlan(_operations.ToArray()) { Source = source };
    }

    /// <summary>dockerfile2llb's pathRelativeToWorkingDir: keeps the trailing slash (and "/.") that makes the
    /// destination a directory.</summary>
    private static (string Path, bool IsDirectory) ResolveDestination(string destination, string workingDirectory)
    {
        if (destination is "" or ".") destination = "./";
        var joined = destination.StartsWith('/') ? destination : UnixPath.Join("/" + workingDirectory, destination);
        var clean = UnixPath.Clean("/" + joined);
        return (clean, destination.EndsWith('/') || destination.EndsWith("/.", StringComparison.Ordinal));
    }

    private void ValidateChecksum(IReadOnlyList<string> paths)
    {
        if (request.Checksum is null) return;
        if (!request.IsAdd) throw new HoistException("checksum can't be specified for COPY");
        if (paths.Count != 1) throw new HoistException("checksum can't be specified for multiple sources");
        if (!CopyPlanner.IsHttpSource(paths[0]) && !CopyPlanner.IsGitSource(paths[0])) throw new HoistException("checksum requires HTTP(S) or Git sources");
        if (CopyPlanner.IsHttpSource(paths[0]) && !Digest.TryParse(request.Checksum, out _))
            throw new HoistException($"invalid checksum digest format: \"{request.Checksum}\"");
    }

    private void PlanLocal(string written, string destination, bool endsWithSlash)
    {
        var source = RequireSource();
        var path = UnixPath.Clean("/" + written);
        var unpack = request.IsAdd && (request.Unpack ?? true);
        foreach (var (name, entry) in ResolveSources(source, path))
        {
            if (unpack && entry.Kind == FileKind.File && IsArchive(source, entry))
            {
                PlanExtract(entry, destination);
                continue;
            }
            CopyTopLevel(source, entry, name, destination, endsWithSlash, include: null);
        }
    }

    /// <summary>
    /// <c>COPY --parents a/b/c.txt /dst/</c> copies the context root through an include pattern, so the parent path
    /// is kept: <c>/dst/a/b/c.txt</c>. <c>x/./a/b</c> pivots: only what follows <c>/./</c> is kept.
    /// </summary>
    private void PlanParents(string written, string destination, bool endsWithSlash)
    {
        var source = RequireSource();
        var pivot = written.IndexOf("/./", StringComparison.Ordinal);
        var (root, pattern) = pivot < 0 ? ("/", written) : (written[..pivot], written[(pivot + 3)..]);
        pattern = UnixPath.Clean("/" + pattern).TrimStart('/');
        var include = PathPatternSet.Parse([pattern]);
        root = UnixPath.Clean("/" + root);
        if (!Glob.ContainsWildcards(root) && !Glob.ContainsWildcards(pattern))
        {
            var required = UnixPath.Join(root, pattern);
            if (source.Lookup(UnixPath.ClampRelative(required), followFinalSymlink: true) is null) throw NotFound(required);
        }
        foreach (var (name, entry) in ResolveSources(source, root))
        {
            CopyTopLevel(source, entry, name, destination, endsWithSlash, include);
        }
    }

    /// <summary>
    /// The entries a source path names, with the name each is copied under. Without wildcards the path must exist;
    /// with wildcards an empty match copies nothing (BuildKit's AllowEmptyWildcard). The final symlink of each is
    /// followed within the root, as BuildKit's COPY does.
    /// </summary>
    private IEnumerable<(string Name, FileEntry Entry)> ResolveSources(ICopySource source, string path)
    {
        var relative = UnixPath.ClampRelative(path);
        var segments = relative.Length == 0 ? [] : relative.Split('/');
        var firstWildcard = Array.FindIndex(segments, Glob.ContainsWildcards);
        if (firstWildcard < 0)
        {
            var entry = source.Lookup(relative, followFinalSymlink: true) ?? throw NotFound(path);
            yield return (UnixPath.FileName(path), entry);
            yield break;
        }
        var baseDirectory = string.Join('/', segments[..firstWildcard]);
        var glob = Glob.Parse(string.Join('/', segments[firstWildcard..]));
        var resolvedBase = source.Lookup(baseDirectory, followFinalSymlink: true);
        if (resolvedBase is not { Kind: FileKind.Directory }) yield break;
        foreach (var match in WalkMatches(source, resolvedBase.Path, "", glob))
        {
            var entry = source.Lookup(match.Path, followFinalSymlink: true) ?? throw NotFound("/" + match.Path);
            yield return (match.Name, entry);
        }
    }

    /// <summary>filepath.Walk order: by name, a matching directory is not entered, links are not followed.</summary>
    private static IEnumerable<FileEntry> WalkMatches(ICopySource source, string directory, string relative, Glob glob)
    {
        foreach (var child in source.List(directory))
        {
            var childRelative = UnixPath.Child(relative, child.Name);
            if (glob.IsMatch(childRelative)) yield return child;
            else if (child.Kind == FileKind.Directory && childRelative.Count(c => c == '/') < glob.Pattern.Count(c => c == '/'))
            {
                // Deeper entries cannot match a pattern with fewer segments; BuildKit walks them anyway.
                foreach (var match in WalkMatches(source, child.Path, childRelative, glob)) yield return match;
            }
        }
    }

    /// <summary>fsutil's Copy for one source: make the destination's parents, pick the target name, then copy.</summary>
    private void CopyTopLevel(ICopySource source, FileEntry entry, string name, string destination, bool endsWithSlash, PathPatternSet? include)
    {
        if (entry.Kind != FileKind.Directory)
        {
            Add(EntryOperation(entry, PlaceFile(destination, endsWithSlash, name)));
            return;
        }
        MakeDirectories(endsWithSlash ? destination : UnixPath.ParentOf(destination));
        if (_planned.TryGetValue(destination, out var isDirectory) && !isDirectory) throw new HoistException(CopyPlanner.MultipleSourcesError);
        if (!IsDirectory(destination))
        {
            MakeDirectories(destination, mode: _chmod?.Octal);
            // The directory made for the contents keeps MkdirAll's mode and owner but gets the source's mtime.
            var index = _operations.FindLastIndex(o => o.Destination == destination);
            _operations[index] = _operations[index] with
            {
                ModificationTime = entry.ModificationTime, ModificationTimeNanoseconds = entry.ModificationTimeNanoseconds,
            };
        }
        CopyChildren(source, entry, "", destination, include, pending: []);
    }

    private void CopyChildren(ICopySource source, FileEntry directory, string relative, string target, PathPatternSet? include, List<(FileEntry Entry, string Target)> pending)
    {
        var children = source.List(directory.Path);
        source.Prefetch(DirectoriesWalked(children, relative, include));
        foreach (var child in children)
        {
            var name = NameOf(child);
            // Only patterns and the walk below read the path relative to the copied directory: a file copied without
            // any costs no string for it (a context has tens of thousands).
            var childRelative = child.Kind == FileKind.Directory || include is not null || !_excludes.IsEmpty
                ? (relative.Length == 0 ? name.ToString() : string.Concat(relative, "/", name))
                : null;
            var childTarget = string.Concat(target == "/" ? "" : target, "/", name);
            var included = childRelative is null || Included(childRelative, include);
            if (included)
            {
                // Parents held back by an include pattern appear once something inside them is copied.
                foreach (var parent in pending) Add(EntryOperation(parent.Entry, parent.Target));
                pending.Clear();
                Add(EntryOperation(child, childTarget));
            }
            if (childRelative is null || !Walks(child, childRelative, included, include)) continue;
            var childPending = included ? new List<(FileEntry, string)>() : [.. pending, (child, childTarget)];
            CopyChildren(source, child, childRelative, childTarget, include, childPending);
            if (!included && childPending.Count == 0) pending.Clear();
        }
    }

    /// <summary>The sub-directories of a listing the walk will enter, in the order it enters them.</summary>
    private IEnumerable<string> DirectoriesWalked(IReadOnlyList<FileEntry> children, string relative, PathPatternSet? include)
    {
        foreach (var child in children)
        {
            if (child.Kind != FileKind.Directory) continue;
            var childRelative = UnixPath.Child(relative, child.Name);
            if (Walks(child, childRelative, Included(childRelative, include), include)) yield return child.Path;
        }
    }

    private bool Included(string childRelative, PathPatternSet? include) =>
        (include is null || include.Matches(childRelative)) && !_excludes.Matches(childRelative);

    /// <summary>
    /// Whether the walk enters <paramref name="child"/>: a directory, unless nothing inside could be copied — no
    /// exception below an excluded directory, no include pattern below an unmatched one (fsutil walks these, to the
    /// same effect).
    /// </summary>
    private bool Walks(FileEntry child, string childRelative, bool included, PathPatternSet? include)
    {
        if (child.Kind != FileKind.Directory) return false;
        if (included) return true;
        if (include is null && !_excludes.HasExceptions) return false;
        if (_excludes.Matches(childRelative) && !_excludes.MayReincludeBelow(childRelative)) return false;
        return include is null || include.MayMatchBelow(childRelative);
    }

    /// <summary>The entry's name as a slice of its path (no copy).</summary>
    private static ReadOnlySpan<char> NameOf(FileEntry entry)
    {
        var path = entry.Path.AsSpan().TrimEnd('/');
        return path[(path.LastIndexOf('/') + 1)..];
    }

    private CopyOperation EntryOperation(FileEntry entry, string target)
    {
        var (uid, gid) = _owner ?? (source?.ResetsOwnership == true ? (0, 0) : (entry.Uid, entry.Gid));
        var mode = entry.Kind == FileKind.Symlink || _chmod is null ? entry.Mode : _chmod.Apply(entry.Mode, entry.Kind == FileKind.Directory);
        return new CopyOperation
        {
            Kind = entry.Kind switch
            {
                FileKind.File => CopyOperationKind.File,
                FileKind.Directory => CopyOperationKind.Directory,
                FileKind.Symlink => CopyOperationKind.Symlink,
                _ => CopyOperationKind.Special,
            },
            Destination = target,
            SourcePath = entry.Path,
            SourceKind = entry.Kind,
            Mode = mode,
            Uid = uid,
            Gid = gid,
            Size = entry.Kind == FileKind.File ? entry.Size : 0,
            ModificationTime = entry.ModificationTime,
            ModificationTimeNanoseconds = entry.ModificationTimeNanoseconds,
            LinkTarget = entry.LinkTarget,
            Inode = entry.Inode,
            Device = entry.Device,
            LinkCount = entry.LinkCount,
            DeviceNumber = entry.DeviceNumber,
            SourceIdentity = entry.Identity,
        };
    }

    private void PlanExtract(FileEntry archive, string destination)
    {
        // BuildKit's unpack makes the destination with 0755 whatever --chmod says, and does not chmod entries.
        MakeDirectories(destination, mode: 0b111_101_101);
        Add(Owned(new CopyOperation
        {
            Kind = CopyOperationKind.ExtractArchive,
            Destination = destination,
            SourcePath = archive.Path,
            SourceKind = FileKind.File,
            SourceIdentity = archive.Identity,
            Size = archive.Size,
            Inode = archive.Inode,
            Device = archive.Device,
        }));
    }

    private void PlanDownload(string url, string destination, bool endsWithSlash)
    {
        if (!request.IsAdd) throw new HoistException("source can't be a URL for COPY");
        var name = "__unnamed__";
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            var fileName = UnixPath.FileName(uri.AbsolutePath);
            if (fileName is not ("." or "/" or "")) name = Uri.UnescapeDataString(fileName);
        }
        var target = PlaceFile(destination, endsWithSlash, name);
        Add(Owned(new CopyOperation
        {
            Kind = CopyOperationKind.Download,
            Destination = target,
            Url = url,
            Checksum = request.Checksum,
            // Downloads are written 0600 (Dockerfile reference, "Adding files from a URL").
            Mode = _chmod?.Apply(0b110_000_000, isDirectory: false) ?? 0b110_000_000,
            ModeChange = _chmod,
            UnpackInto = request.Unpack == true ? destination : null,
        }));
    }

    private void PlanGit(string url, string destination)
    {
        if (!request.IsAdd) throw new HoistException("source can't be a git ref for COPY");
        // Refuses ssh remotes, bad refs and checksums here, before any step runs.
        GitSourceReference.Parse(url, request.Checksum, request.KeepGitDir ?? false);
        MakeDirectories(destination);
        Add(Owned(new CopyOperation
        {
            Kind = CopyOperationKind.GitClone,
            Destination = destination,
            Url = url,
            Checksum = request.Checksum,
            KeepGitDir = request.KeepGitDir ?? false,
            Mode = 0b111_101_101,
            ModeChange = _chmod,
            KeepExisting = true,
        }));
    }

    /// <summary>A heredoc becomes a 0644 file named after its delimiter, copied like any file source.</summary>
    private void PlanInlineFile(CopyInlineFile file, string destination, bool endsWithSlash)
    {
        var name = file.Name;
        var content = System.Text.Encoding.UTF8.GetBytes(file.Content ?? throw new HoistException($"heredoc {name} has no content"));
        var target = PlaceFile(destination, endsWithSlash, UnixPath.FileName(UnixPath.Clean("/" + name)));
        Add(Owned(new CopyOperation
        {
            Kind = CopyOperationKind.Inline,
            Destination = target,
            InlineContent = content,
            Size = content.Length,
            Mode = _chmod?.Apply(0b110_100_100, isDirectory: false) ?? 0b110_100_100,
        }));
    }

    /// <summary>
    /// Where a single file named <paramref name="name"/> lands, creating parents on the way: inside the destination
    /// when that is a directory, else at it. A later file for the same non-directory destination replaces the earlier
    /// one, as BuildKit does (conformance case 44: the destination holds the last source), although Docker's
    /// documentation calls it an error.
    /// </summary>
    private string PlaceFile(string destination, bool endsWithSlash, string name)
    {
        MakeDirectories(endsWithSlash ? destination : UnixPath.ParentOf(destination));
        if (IsDirectory(destination)) return UnixPath.Join(destination, name);
        if (_planned.TryGetValue(destination, out var isDirectory) && !isDirectory)
        {
            _operations.RemoveAll(o => o.Destination == destination);
        }
        return destination;
    }

    /// <summary>The mode mkdir(2) leaves under umask 022 for the --chmod octal mode, else 0755.</summary>
    private int CreatedParentMode => _chmod?.Octal is { } octal ? octal & 0b111_111_111 & ~0b000_010_010 : 0b111_101_101;

    /// <summary>fsutil's MkdirAll: every missing directory is made with the --chmod octal mode (else 0755) through
    /// mkdir(2) under BuildKit's umask 022, so only the permission bits survive, without group/other write: 0600 stays
    /// 0600 (recorded: conformance case 19), 0777 gives 0755 and 4755 no setuid directory; owned by the --chown owner
    /// (else root). <paramref name="mode"/> overrides the mode of <paramref name="path"/> itself only.</summary>
    private void MakeDirectories(string path, int? mode = null)
    {
        if (path.Length == 0 || path == "/") return;
        if (IsDirectory(path)) return;
        MakeDirectories(UnixPath.ParentOf(path) is { Length: > 0 } parent ? parent : "/");
        Add(Owned(new CopyOperation
        {
            Kind = CopyOperationKind.Directory,
            Destination = path,
            Mode = mode ?? CreatedParentMode,
            KeepExisting = true,
        }));
    }

    /// <summary>The --chown owner (root without one) on something the copy makes itself.</summary>
    private CopyOperation Owned(CopyOperation operation) =>
        operation with { Uid = _owner?.Uid ?? 0, Gid = _owner?.Gid ?? 0, OwnerOverride = _owner is not null };

    private bool IsDirectory(string path) =>
        path == "/" || (_planned.TryGetValue(path, out var isDirectory) ? isDirectory : destination.IsDirectory(path));

    private void Add(CopyOperation operation)
    {
        _operations.Add(operation);
        _planned[operation.Destination] = operation.Kind is CopyOperationKind.Directory or CopyOperationKind.GitClone or CopyOperationKind.ExtractArchive;
    }

    private ICopySource RequireSource() =>
        source ?? throw new HoistException("no build context: local sources cannot be copied");

    private static bool IsArchive(ICopySource source, FileEntry entry)
    {
        using var stream = source.OpenRead(entry.Path);
        return ArchiveDetector.IsTarArchive(stream);
    }

    private static HoistException NotFound(string path) =>
        new($"failed to compute cache key: \"{path}\": not found");
}
