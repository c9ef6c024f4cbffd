using Hoist.Content;

namespace Hoist.Formats;

/// <summary>
/// An image layout directory. Files are staged when asked for; symlinks are followed only while they stay inside the
/// directory, so a hostile layout cannot make the import read host files.
/// </summary>
internal sealed class DirectoryArchiveSource(ContentStore store, string root) : ArchiveSource(store, root)
{
    private const int MaxLinkDepth = 16;
    private readonly Dictionary<string, StagedBlob> _staged = new(StringComparer.Ordinal);

    public override bool Exists(string path) => File.Exists(Locate(path));

    public override StagedBlob Stage(string path, bool computeDiffId)
    {
        var full = Locate(path);
        if (_staged.TryGetValue(full, out var staged)) return staged;
        FileStream file;
        try
        {
            file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Missing(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"{Name}: cannot read {path}: {e.Message}", e);
        }
        using (file)
        {
            staged = StagedBlob.Stage(Staging, file, file.Length, computeDiffId, Name, path);
        }
        _staged[full] = staged;
        return staged;
    }

    /// <summary>The host path of an archive name, with every symlink on the way resolved inside the root.</summary>
    private string Locate(string path)
    {
        var parts = new Queue<string>(ArchivePath.Normalize(path, Name).Split('/'));
        var resolved = new List<string>();
        var links = 0;
        while (parts.TryDequeue(out var part))
        {
            resolved.Add(part);
            var relative = string.Join('/', resolved);
            var info = new FileInfo(Path.Combine(Name, relative));
            if (info.LinkTarget is not { } target) continue;
            if (++links > MaxLinkDepth) throw new HoistException($"{Name}: too many levels of symbolic links at {path}");
            var rest = parts.ToList();
            parts = new Queue<string>(ArchivePath.ResolveLink(relative, target, Name).Split('/').Concat(rest));
            resolved.Clear();
        }
        return Path.Combine(Name, string.Join('/', resolved));
    }

    protected override void DisposeStaged()
    {
        foreach (var staged in _staged.Values) staged.Dispose();
        _staged.Clear();
    }
}
