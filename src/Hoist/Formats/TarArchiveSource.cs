using Hoist.Archives;
using Hoist.Content;

namespace Hoist.Formats;

/// <summary>
/// A tar read in one pass (it may be a pipe): every regular file is staged as it streams by, since which files matter
/// is only known once <c>index.json</c> or <c>manifest.json</c> has been read, and they can come last.
/// </summary>
internal sealed class TarArchiveSource : ArchiveSource
{
    private const int MaxLinkDepth = 16;
    private readonly Dictionary<string, StagedBlob> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);

    private TarArchiveSource(ContentStore store, string name) : base(store, name) { }

    public static TarArchiveSource Read(ContentStore store, Stream tar, string name, CancellationToken cancellationToken)
    {
        var source = new TarArchiveSource(store, name);
        try
        {
            using var reader = new TarArchiveReader(tar, leaveOpen: true);
            while (reader.ReadNext() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Directories carry nothing an image needs; only files and links are named and checked.
                if (entry.Type is not (TarEntryType.Regular or TarEntryType.Symlink or TarEntryType.HardLink)) continue;
                var path = ArchivePath.Normalize(entry.Name, name);
                switch (entry.Type)
                {
                    case TarEntryType.Regular:
                        // diffIDs are only needed for docker-archive layers, which are the large files; small ones get theirs on demand.
                        var staged = StagedBlob.Stage(source.Staging, reader.OpenContent(), entry.Size, computeDiffId: true, name, path);
                        if (source._files.Remove(path, out var earlier)) earlier.Dispose();
                        source._files[path] = staged;
                        break;
                    case TarEntryType.Symlink:
                        // docker save (before 25) links repeated layers to the first copy: <id>/layer.tar -> ../<other>/layer.tar
                        source._links[path] = ArchivePath.ResolveLink(path, entry.LinkTarget, name);
                        break;
                    case TarEntryType.HardLink:
                        source._links[path] = ArchivePath.Normalize(entry.LinkTarget, name);
                        break;
                }
            }
        }
        catch (TarFormatException e)
        {
            source.Dispose();
            throw new HoistException($"{name}: not a valid tar archive: {e.Message}", e);
        }
        catch
        {
            source.Dispose();
            throw;
        }
        return source;
    }

    public override bool Exists(string path) => _files.ContainsKey(Resolve(path));

    public override StagedBlob Stage(string path, bool computeDiffId) =>
        _files.TryGetValue(Resolve(path), out var staged) ? staged : throw Missing(path);

    private string Resolve(string path)
    {
        path = ArchivePath.Normalize(path, Name);
        for (var depth = 0; _links.TryGetValue(path, out var target); depth++)
        {
            if (depth == MaxLinkDepth) throw new HoistException($"{Name}: too many levels of links at {path}");
            path = target;
        }
        return path;
    }

    protected override void DisposeStaged()
    {
        foreach (var staged in _files.Values) staged.Dispose();
        _files.Clear();
    }
}
