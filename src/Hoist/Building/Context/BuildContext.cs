namespace Hoist.Building.Context;

/// <summary>
/// The local build context directory as COPY/ADD see it: .dockerignore applied, symlinks reported as links and never
/// followed out of the context, files read only when a step asks for them.
/// </summary>
public sealed class BuildContext : ICopySource
{
    private readonly ScopedDirectory _directory;

    public BuildContext(string directory, PathPatternSet ignore)
    {
        _directory = new ScopedDirectory(directory, ignore);
        Ignore = ignore;
    }

    /// <summary>Opens a context with the ignore file BuildKit would pick for <paramref name="dockerfilePath"/>.</summary>
    public static BuildContext Open(string directory, string? dockerfilePath = null) =>
        new(directory, DockerIgnore.Load(directory, dockerfilePath));

    public string Directory => _directory.Root;

    public PathPatternSet Ignore { get; }

    public string Name => "context";

    public bool ResetsOwnership => true;

    public FileEntry? Lookup(string path, bool followFinalSymlink) => _directory.Lookup(path, followFinalSymlink);

    public IReadOnlyList<FileEntry> List(string directory) => _directory.List(directory);

    public void Prefetch(IEnumerable<string> directories) => _directory.Prefetch(directories);

    public Stream OpenRead(string path) => _directory.OpenRead(path);
}
